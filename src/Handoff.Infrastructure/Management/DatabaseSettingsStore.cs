using FluentValidation;
using Handoff.Application.Common.Settings;
using Handoff.Application.Management;
using Handoff.Infrastructure.Cluster;
using Handoff.Infrastructure.Persistence;
using Handoff.Infrastructure.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Management;

/// <summary>Stores settings overrides in the database and applies them through <see cref="SettingsOverridesConfigurationProvider"/>.</summary>
internal sealed class DatabaseSettingsStore(
    HandoffDbContext db,
    IConfiguration configuration,
    IOptionsMonitor<HandoffOptions> handoff,
    IOptionsMonitor<TeamsOptions> teams,
    IValidator<HandoffOptions> handoffValidator,
    IValidator<TeamsOptions> teamsValidator,
    SettingsOverrides overrides) : ISettingsStore
{
    public SettingsSnapshot Current()
    {
        var teamsOptions = teams.CurrentValue;
        return new SettingsSnapshot(
            handoff.CurrentValue,
            new TeamsSettingsView(
                teamsOptions.TenantId, teamsOptions.ClientId, !string.IsNullOrEmpty(teamsOptions.ClientSecret),
                teamsOptions.AgentGroupObjectId, teamsOptions.DefaultMeetingOrganizerObjectId,
                new AgentChannelSettingsView(teamsOptions.AgentChannel.TeamId, teamsOptions.AgentChannel.ChannelId, teamsOptions.AgentChannel.ServiceUrl)),
            [.. overrides.Keys.Order(StringComparer.OrdinalIgnoreCase)]);
    }

    public IReadOnlyDictionary<string, string[]> Validate(IReadOnlyDictionary<string, string> changes)
    {
        // The settings as they would be: everything in force now with the changes on top, checked by the start-up validators.
        var prospective = new ConfigurationBuilder()
            .AddConfiguration(configuration, shouldDisposeConfiguration: false)
            .AddInMemoryCollection(changes.Select(c => KeyValuePair.Create(c.Key, (string?)c.Value)))
            .Build();
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var handoffOptions = new HandoffOptions();
            prospective.GetSection(HandoffOptions.SectionName).Bind(handoffOptions);
            var teamsOptions = new TeamsOptions();
            prospective.GetSection(TeamsOptions.SectionName).Bind(teamsOptions);
            foreach (var failure in handoffValidator.Validate(handoffOptions).Errors.Concat(teamsValidator.Validate(teamsOptions).Errors))
            {
                errors[failure.PropertyName] = [.. errors.GetValueOrDefault(failure.PropertyName, []), Message(failure)];
            }
        }
        catch (InvalidOperationException ex)
        {
            // A value the binder cannot convert: the request validator should have caught it, but never store it.
            errors["Handoff"] = [ex.Message];
        }

        return errors;
    }

    public async Task StageAsync(IReadOnlyDictionary<string, string> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var (key, value) in changes)
        {
            var existing = await db.Set<SettingsOverride>().FindAsync([key], cancellationToken);
            if (existing is null)
            {
                db.Set<SettingsOverride>().Add(new SettingsOverride { Key = key, Value = value, UpdatedAt = now });
            }
            else
            {
                existing.Value = value;
                existing.UpdatedAt = now;
            }
        }
    }

    public void Apply() => overrides.ApplyEverywhere();

    private static string Message(FluentValidation.Results.ValidationFailure failure) =>
        failure.ErrorMessage.Replace($"'{failure.PropertyName}' ", string.Empty, StringComparison.Ordinal);
}

/// <summary>
/// The overrides provider of this process, when the host's configuration has one (the integration harness has none).
/// It follows <see cref="ChangeTopics.Settings"/>: a save on any instance reloads the overrides on every instance
/// (this one at once, through the same notification).
/// </summary>
public sealed class SettingsOverrides : IDisposable
{
    private readonly SettingsOverridesConfigurationProvider? _provider;
    private readonly IChangeNotifications _notifications;
    private readonly IDisposable _subscription;

    // Reloads come from a request (this instance saved), the notification listener and the periodic safety net.
    private readonly Lock _gate = new();

    public SettingsOverrides(SettingsOverridesConfigurationProvider? provider, IChangeNotifications notifications)
    {
        _provider = provider;
        _notifications = notifications;
        _subscription = notifications.Subscribe(ChangeTopics.Settings, _ => Reload());
    }

    public IReadOnlyCollection<string> Keys => _provider?.Keys ?? [];

    /// <summary>Announces committed overrides: every instance, this one included, reloads them.</summary>
    public void ApplyEverywhere() => _notifications.Publish(ChangeTopics.Settings);

    public void Reload()
    {
        lock (_gate)
        {
            _provider?.Reload();
        }
    }

    /// <summary>Reloads when the table differs from what is in force; answers whether it did.</summary>
    public bool ReloadIfChanged()
    {
        lock (_gate)
        {
            return _provider?.ReloadIfChanged() ?? false;
        }
    }

    public void Dispose() => _subscription.Dispose();
}
