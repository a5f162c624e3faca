using System.Globalization;
using System.Reflection;
using Handoff.Application.Common.Settings;

namespace Handoff.Application.Management;

/// <summary>
/// The configuration keys the management API can change, and the request field each one is reported under
/// (<c>Handoff:Messages:Waiting</c> is <c>messages.waiting</c>, <c>Teams:TenantId</c> is <c>teams.tenantId</c>).
/// </summary>
public static class SettingsKeys
{
    public const string Enabled = "Handoff:Enabled";
    public const string QueueTimeout = "Handoff:Timeouts:Queue";
    public const string UserTimeout = "Handoff:Timeouts:User";
    public const string AgentTimeout = "Handoff:Timeouts:Agent";
    public const string AgentCapacity = "Handoff:Agents:Capacity";
    public const string TenantId = "Teams:TenantId";
    public const string ClientId = "Teams:ClientId";
    public const string ClientSecret = "Teams:ClientSecret";
    public const string AgentGroupObjectId = "Teams:AgentGroupObjectId";
    public const string DefaultMeetingOrganizerObjectId = "Teams:DefaultMeetingOrganizerObjectId";
    public const string AgentChannelTeamId = "Teams:AgentChannel:TeamId";
    public const string AgentChannelChannelId = "Teams:AgentChannel:ChannelId";
    public const string AgentChannelServiceUrl = "Teams:AgentChannel:ServiceUrl";
    public const string MessagesPrefix = "Handoff:Messages:";

    /// <summary>Values that are written, never shown or logged.</summary>
    public static readonly IReadOnlySet<string> Secrets = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ClientSecret };

    /// <summary>The names of every configurable text (<see cref="HandoffMessages"/>), as the API spells them (camelCase).</summary>
    public static readonly IReadOnlyList<string> MessageNames =
        [.. typeof(HandoffMessages).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string))
            .Select(p => Camel(p.Name))];

    public static string MessageKey(string messageName) =>
        MessagesPrefix + char.ToUpperInvariant(messageName[0]) + messageName[1..];

    public static bool IsMessage(string messageName) => MessageNames.Contains(messageName, StringComparer.Ordinal);

    /// <summary>The request field a configuration key is reported under.</summary>
    public static string FieldFor(string key)
    {
        var segments = key.Split(':');
        var path = segments[0].Equals(HandoffOptions.SectionName, StringComparison.OrdinalIgnoreCase) ? segments[1..] : segments;
        return string.Join('.', path.Select(Camel));
    }

    /// <summary>Every text as it is in force now, by API name.</summary>
    public static IReadOnlyDictionary<string, string> Messages(HandoffMessages messages) =>
        typeof(HandoffMessages).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string))
            .ToDictionary(p => Camel(p.Name), p => (string?)p.GetValue(messages) ?? string.Empty, StringComparer.Ordinal);

    /// <summary>The value in force for every changeable key, formatted as it is stored; secrets are left out.</summary>
    public static IReadOnlyDictionary<string, string?> EffectiveValues(SettingsSnapshot snapshot)
    {
        var handoff = snapshot.Handoff;
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [Enabled] = handoff.Enabled ? "true" : "false",
            [QueueTimeout] = FormatTimeSpan(handoff.Timeouts.Queue),
            [UserTimeout] = FormatTimeSpan(handoff.Timeouts.User),
            [AgentTimeout] = FormatTimeSpan(handoff.Timeouts.Agent),
            [AgentCapacity] = handoff.Agents.Capacity.ToString(CultureInfo.InvariantCulture),
            [TenantId] = snapshot.Teams.TenantId,
            [ClientId] = snapshot.Teams.ClientId,
            [AgentGroupObjectId] = snapshot.Teams.AgentGroupObjectId,
            [DefaultMeetingOrganizerObjectId] = snapshot.Teams.DefaultMeetingOrganizerObjectId,
            [AgentChannelTeamId] = snapshot.Teams.AgentChannel?.TeamId,
            [AgentChannelChannelId] = snapshot.Teams.AgentChannel?.ChannelId,
            [AgentChannelServiceUrl] = snapshot.Teams.AgentChannel?.ServiceUrl,
        };
        foreach (var (name, text) in Messages(handoff.Messages))
        {
            values[MessageKey(name)] = text;
        }

        return values;
    }

    public static string FormatTimeSpan(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
