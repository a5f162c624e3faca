namespace Handoff.Infrastructure.Persistence;

/// <summary>A setting an administrator saved; it overrides the configuration files until removed.</summary>
public sealed class SettingsOverride
{
    public required string Key { get; init; }

    public string? Value { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
