namespace Handoff.Application.Common.Behaviors;

/// <summary>A command caused by an inbound channel activity; the same (channel, activity id) is processed at most once.</summary>
public interface IIdempotentCommand
{
    string ChannelId { get; }

    string? ActivityId { get; }
}
