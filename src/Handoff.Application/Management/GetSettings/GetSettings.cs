namespace Handoff.Application.Management.GetSettings;

/// <summary>The handoff settings in force: switch, texts, timeouts, capacity and Teams ids. The client secret only as "set".</summary>
public sealed record GetSettingsQuery : IQuery<SettingsDto>;

public sealed record SettingsDto(
    bool Enabled,
    IReadOnlyDictionary<string, string> Messages,
    TimeoutsDto Timeouts,
    AgentsDto Agents,
    TeamsSettingsDto Teams,
    IReadOnlyList<string> Overridden)
{
    public static SettingsDto From(SettingsSnapshot snapshot) => new(
        snapshot.Handoff.Enabled,
        SettingsKeys.Messages(snapshot.Handoff.Messages),
        new TimeoutsDto(
            SettingsKeys.FormatTimeSpan(snapshot.Handoff.Timeouts.Queue),
            SettingsKeys.FormatTimeSpan(snapshot.Handoff.Timeouts.User),
            SettingsKeys.FormatTimeSpan(snapshot.Handoff.Timeouts.Agent)),
        new AgentsDto(snapshot.Handoff.Agents.Capacity),
        new TeamsSettingsDto(
            snapshot.Teams.TenantId, snapshot.Teams.ClientId, snapshot.Teams.ClientSecretSet,
            snapshot.Teams.AgentGroupObjectId, snapshot.Teams.DefaultMeetingOrganizerObjectId),
        [.. snapshot.OverriddenKeys.Select(SettingsKeys.FieldFor)]);
}

/// <summary>Time spans as <c>hh:mm:ss</c> (or <c>d.hh:mm:ss</c>).</summary>
public sealed record TimeoutsDto(string Queue, string User, string Agent);

public sealed record AgentsDto(int Capacity);

public sealed record TeamsSettingsDto(string? TenantId, string? ClientId, bool ClientSecretSet, string? AgentGroupObjectId, string? DefaultMeetingOrganizerObjectId);

public sealed class GetSettingsQueryHandler(ISettingsStore store) : IQueryHandler<GetSettingsQuery, SettingsDto>
{
    public ValueTask<SettingsDto> Handle(GetSettingsQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SettingsDto.From(store.Current()));
}
