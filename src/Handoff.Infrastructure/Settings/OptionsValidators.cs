using FluentValidation;
using Handoff.Application.Common.Settings;

namespace Handoff.Infrastructure.Settings;

/// <summary>Start-up validation of the <c>Handoff</c> section: the server refuses to start with a message naming the key.</summary>
public sealed class HandoffOptionsValidator : AbstractValidator<HandoffOptions>
{
    public HandoffOptionsValidator()
    {
        RuleFor(o => o.Timeouts.Queue).GreaterThan(TimeSpan.Zero).OverridePropertyName("Handoff:Timeouts:Queue");
        RuleFor(o => o.Timeouts.User).GreaterThan(TimeSpan.Zero).OverridePropertyName("Handoff:Timeouts:User");
        RuleFor(o => o.Timeouts.Agent).GreaterThan(TimeSpan.Zero).OverridePropertyName("Handoff:Timeouts:Agent");
        RuleFor(o => o.Timeouts.ScanInterval).GreaterThan(TimeSpan.Zero).OverridePropertyName("Handoff:Timeouts:ScanInterval");
        RuleFor(o => o.Agents.Capacity).InclusiveBetween(1, 100).OverridePropertyName("Handoff:Agents:Capacity");
        RuleFor(o => o.LanguageModels.Threshold).InclusiveBetween(0, 1).OverridePropertyName("Handoff:LanguageModels:Threshold");
        RuleFor(o => o.Typing.RelayInterval).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(1)).OverridePropertyName("Handoff:Typing:RelayInterval");
        RuleFor(o => o.Queue.RecentTranscriptCount).InclusiveBetween(0, 100).OverridePropertyName("Handoff:Queue:RecentTranscriptCount");
        RuleFor(o => o.Messages.Waiting).NotEmpty().OverridePropertyName("Handoff:Messages:Waiting");
        RuleFor(o => o.Messages.AgentConnected).NotEmpty().OverridePropertyName("Handoff:Messages:AgentConnected");
        RuleFor(o => o.Messages.AgentLeft).NotEmpty().OverridePropertyName("Handoff:Messages:AgentLeft");
        RuleFor(o => o.Messages.Fallback).NotEmpty().OverridePropertyName("Handoff:Messages:Fallback");
        RuleFor(o => o.Messages.HandoffDisabled).NotEmpty().OverridePropertyName("Handoff:Messages:HandoffDisabled");
    }
}

/// <summary>Start-up validation of the <c>Teams</c> section: every id that is set must be a GUID.</summary>
public sealed class TeamsOptionsValidator : AbstractValidator<TeamsOptions>
{
    public TeamsOptionsValidator()
    {
        RuleFor(o => o.TenantId).Must(BeGuid).WithMessage("must be a GUID (the directory/tenant id)").OverridePropertyName("Teams:TenantId");
        RuleFor(o => o.ClientId).Must(BeGuid).WithMessage("must be a GUID (the app registration's client id)").OverridePropertyName("Teams:ClientId");
        RuleFor(o => o.AgentGroupObjectId).Must(BeGuid).WithMessage("must be a GUID (the agent security group's object id)").OverridePropertyName("Teams:AgentGroupObjectId");
        RuleFor(o => o.DefaultMeetingOrganizerObjectId).Must(BeGuid).WithMessage("must be a GUID (a user's object id)").OverridePropertyName("Teams:DefaultMeetingOrganizerObjectId");

        // Channel mode (ADR-037): both ids or neither; Teams thread ids look like 19:...@thread.tacv2.
        RuleFor(o => o.AgentChannel.TeamId).Must(BeThreadId).WithMessage(ThreadIdRule).OverridePropertyName("Teams:AgentChannel:TeamId");
        RuleFor(o => o.AgentChannel.ChannelId).Must(BeThreadId).WithMessage(ThreadIdRule).OverridePropertyName("Teams:AgentChannel:ChannelId");
        RuleFor(o => o.AgentChannel.ChannelId).NotEmpty().When(o => !string.IsNullOrWhiteSpace(o.AgentChannel.TeamId))
            .WithMessage("must be set with Teams:AgentChannel:TeamId").OverridePropertyName("Teams:AgentChannel:ChannelId");
        RuleFor(o => o.AgentChannel.TeamId).NotEmpty().When(o => !string.IsNullOrWhiteSpace(o.AgentChannel.ChannelId))
            .WithMessage("must be set with Teams:AgentChannel:ChannelId").OverridePropertyName("Teams:AgentChannel:TeamId");
        RuleFor(o => o.AgentChannel.ServiceUrl)
            .Must(v => string.IsNullOrWhiteSpace(v) || BeHttpsOrLoopback(v))
            .WithMessage("must be an https URL (the team's Bot Connector service URL)").OverridePropertyName("Teams:AgentChannel:ServiceUrl");

        // Teams handoff is enabled as soon as any of its Graph settings is present; then all of them are required.
        When(IsTeamsHandoffEnabled, () =>
        {
            RuleFor(o => o.TenantId).NotEmpty().WithMessage(Required).OverridePropertyName("Teams:TenantId");
            RuleFor(o => o.ClientId).NotEmpty().WithMessage(Required).OverridePropertyName("Teams:ClientId");
            RuleFor(o => o.AgentGroupObjectId).NotEmpty().WithMessage(Required).OverridePropertyName("Teams:AgentGroupObjectId");
            RuleFor(o => o.ClientSecret).NotEmpty().WithMessage(Required).OverridePropertyName("Teams:ClientSecret");
        });
    }

    private const string Required = "must be set when Teams handoff is enabled (any of Teams:TenantId, Teams:ClientId, Teams:ClientSecret, Teams:AgentGroupObjectId is set)";

    private static bool IsTeamsHandoffEnabled(TeamsOptions o) =>
        new[] { o.TenantId, o.ClientId, o.ClientSecret, o.AgentGroupObjectId }.Any(v => !string.IsNullOrWhiteSpace(v));

    private const string ThreadIdRule = "must be a Teams id such as 19:abc...@thread.tacv2 (at most 512 characters)";

    private static bool BeThreadId(string? value) =>
        string.IsNullOrWhiteSpace(value) || (value.StartsWith("19:", StringComparison.Ordinal) && value.Length <= Domain.Common.ChannelAddress.MaxIdLength && !value.Any(char.IsWhiteSpace));

    /// <summary>The rule the Bot Connector client applies to every service URL: https, or http to a loopback host.</summary>
    private static bool BeHttpsOrLoopback(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    private static bool BeGuid(string? value) => string.IsNullOrWhiteSpace(value) || Guid.TryParse(value, out _);
}
