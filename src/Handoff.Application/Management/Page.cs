namespace Handoff.Application.Management;

/// <summary>One page of a longer list: its items, which page (from 1), its size and how many items there are in all.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;
}
