using System.Globalization;
using FluentValidation.Results;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Management.GetSettings;
using Handoff.Domain.Audit;

namespace Handoff.Application.Management.UpdateSettings;

/// <summary>
/// An administrator changes handoff settings. Only the fields given change (null = unchanged; an empty Teams id or
/// secret clears it). The result is validated like the configuration at start-up, stored in the database, audited
/// (without the secret's value) and in force for the next message.
/// </summary>
public sealed record UpdateSettingsCommand(
    bool? Enabled,
    IReadOnlyDictionary<string, string?>? Messages,
    string? QueueTimeout,
    string? UserTimeout,
    string? AgentTimeout,
    int? AgentCapacity,
    string? TenantId,
    string? ClientId,
    string? ClientSecret,
    string? AgentGroupObjectId,
    string? DefaultMeetingOrganizerObjectId,
    string Actor,
    string? AgentChannelTeamId = null,
    string? AgentChannelChannelId = null,
    string? AgentChannelServiceUrl = null) : ICommand<SettingsDto>
{
    // The default record ToString would print the client secret into any log line or exception that shows the command.
    public override string ToString() => $"{nameof(UpdateSettingsCommand)} by {Actor}";
}

public sealed class UpdateSettingsCommandValidator : AbstractValidator<UpdateSettingsCommand>
{
    public const int MaxMessageLength = 4_000;

    public UpdateSettingsCommandValidator()
    {
        RuleFor(c => c.Messages).Custom((messages, context) =>
        {
            foreach (var (name, text) in messages ?? new Dictionary<string, string?>())
            {
                if (!SettingsKeys.IsMessage(name))
                {
                    context.AddFailure($"messages.{name}", $"is not a message name; known: {string.Join(", ", SettingsKeys.MessageNames)}.");
                }
                else if (string.IsNullOrWhiteSpace(text))
                {
                    context.AddFailure($"messages.{name}", "must not be empty.");
                }
                else if (text.Length > MaxMessageLength)
                {
                    context.AddFailure($"messages.{name}", $"must be at most {MaxMessageLength} characters.");
                }
            }
        });
        TimeSpanRule(c => c.QueueTimeout, "timeouts.queue");
        TimeSpanRule(c => c.UserTimeout, "timeouts.user");
        TimeSpanRule(c => c.AgentTimeout, "timeouts.agent");
        RuleFor(c => c.AgentCapacity).InclusiveBetween(1, 100).OverridePropertyName("agents.capacity");
        GuidRule(c => c.TenantId, "teams.tenantId");
        GuidRule(c => c.ClientId, "teams.clientId");
        GuidRule(c => c.AgentGroupObjectId, "teams.agentGroupObjectId");
        GuidRule(c => c.DefaultMeetingOrganizerObjectId, "teams.defaultMeetingOrganizerObjectId");
        RuleFor(c => c.ClientSecret).MaximumLength(1_000).WithMessage("must be at most 1000 characters.").OverridePropertyName("teams.clientSecret");
        // The format is checked with the start-up rules (the store's validation); these only bound what is read.
        RuleFor(c => c.AgentChannelTeamId).MaximumLength(512).OverridePropertyName("teams.agentChannel.teamId");
        RuleFor(c => c.AgentChannelChannelId).MaximumLength(512).OverridePropertyName("teams.agentChannel.channelId");
        RuleFor(c => c.AgentChannelServiceUrl).MaximumLength(2048).OverridePropertyName("teams.agentChannel.serviceUrl");
        RuleFor(c => c.Actor).NotEmpty();
    }

    public static bool TryParseTimeSpan(string? value, out TimeSpan result) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out result);

    private void TimeSpanRule(Func<UpdateSettingsCommand, string?> field, string name) =>
        RuleFor(c => field(c))
            .Must(v => TryParseTimeSpan(v, out var t) && t > TimeSpan.Zero)
            .When(c => field(c) is not null)
            .WithMessage("must be a positive time span such as 00:15:00 (hh:mm:ss).")
            .OverridePropertyName(name);

    private void GuidRule(Func<UpdateSettingsCommand, string?> field, string name) =>
        RuleFor(c => field(c))
            .Must(v => v!.Trim().Length == 0 || Guid.TryParse(v, out _))
            .When(c => field(c) is not null)
            .WithMessage("must be a GUID (or empty to clear it).")
            .OverridePropertyName(name);
}

public sealed class UpdateSettingsCommandHandler(ISettingsStore store, IAuditLog audit, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<UpdateSettingsCommand, SettingsDto>
{
    private const int MaxAuditedValueLength = 120;

    public async ValueTask<SettingsDto> Handle(UpdateSettingsCommand command, CancellationToken cancellationToken)
    {
        var requested = Changes(command);
        var errors = store.Validate(requested);
        if (errors.Count > 0)
        {
            throw new Common.Exceptions.ValidationException(errors.SelectMany(e => e.Value.Select(message => new ValidationFailure(SettingsKeys.FieldFor(e.Key), message))));
        }

        // Only real changes are stored and audited; a secret is always treated as changed because it is never read back.
        var current = SettingsKeys.EffectiveValues(store.Current());
        var changes = requested
            .Where(c => SettingsKeys.Secrets.Contains(c.Key) || !string.Equals(current.GetValueOrDefault(c.Key), c.Value, StringComparison.Ordinal))
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase);
        if (changes.Count == 0)
        {
            return SettingsDto.From(store.Current());
        }

        var now = clock.GetUtcNow();
        await store.StageAsync(changes, now, cancellationToken);
        audit.Add(AuditRecord.Create(AuditType.SettingsChanged, now, command.Actor, Describe(changes, current)));
        await unitOfWork.SaveChangesAsync(cancellationToken);
        store.Apply();
        return SettingsDto.From(store.Current());
    }

    private static Dictionary<string, string> Changes(UpdateSettingsCommand command)
    {
        var changes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (command.Enabled is { } enabled)
        {
            changes[SettingsKeys.Enabled] = enabled ? "true" : "false";
        }

        foreach (var (name, text) in command.Messages ?? new Dictionary<string, string?>())
        {
            changes[SettingsKeys.MessageKey(name)] = text!;
        }

        AddTimeSpan(changes, SettingsKeys.QueueTimeout, command.QueueTimeout);
        AddTimeSpan(changes, SettingsKeys.UserTimeout, command.UserTimeout);
        AddTimeSpan(changes, SettingsKeys.AgentTimeout, command.AgentTimeout);
        if (command.AgentCapacity is { } capacity)
        {
            changes[SettingsKeys.AgentCapacity] = capacity.ToString(CultureInfo.InvariantCulture);
        }

        AddText(changes, SettingsKeys.TenantId, command.TenantId);
        AddText(changes, SettingsKeys.ClientId, command.ClientId);
        AddText(changes, SettingsKeys.ClientSecret, command.ClientSecret);
        AddText(changes, SettingsKeys.AgentGroupObjectId, command.AgentGroupObjectId);
        AddText(changes, SettingsKeys.DefaultMeetingOrganizerObjectId, command.DefaultMeetingOrganizerObjectId);
        AddText(changes, SettingsKeys.AgentChannelTeamId, command.AgentChannelTeamId);
        AddText(changes, SettingsKeys.AgentChannelChannelId, command.AgentChannelChannelId);
        AddText(changes, SettingsKeys.AgentChannelServiceUrl, command.AgentChannelServiceUrl);
        return changes;
    }

    private static void AddTimeSpan(Dictionary<string, string> changes, string key, string? value)
    {
        if (value is not null && UpdateSettingsCommandValidator.TryParseTimeSpan(value, out var parsed))
        {
            changes[key] = SettingsKeys.FormatTimeSpan(parsed);
        }
    }

    private static void AddText(Dictionary<string, string> changes, string key, string? value)
    {
        if (value is not null)
        {
            changes[key] = value.Trim();
        }
    }

    private static string Describe(IReadOnlyDictionary<string, string> changes, IReadOnlyDictionary<string, string?> before) =>
        string.Join("; ", changes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => SettingsKeys.Secrets.Contains(c.Key)
            ? $"{c.Key}: {(c.Value.Length == 0 ? "cleared" : "set (value not recorded)")}"
            : $"{c.Key}: {Shorten(before.GetValueOrDefault(c.Key))} → {Shorten(c.Value)}"));

    private static string Shorten(string? value) =>
        value is null ? "(default)" : value.Length > MaxAuditedValueLength ? value[..MaxAuditedValueLength] + "…" : $"\"{value}\"";
}
