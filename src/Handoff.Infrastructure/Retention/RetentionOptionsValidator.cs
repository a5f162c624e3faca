using FluentValidation;
using Handoff.Application.Privacy;

namespace Handoff.Infrastructure.Retention;

/// <summary>
/// Start-up validation of the <c>Retention</c> section. Lower bounds keep what the server itself still needs: a
/// delivered outbox message may still be replaced (a waiting card becoming "taken"), a processed marker must outlive
/// a channel's redelivery; audit records are kept at least as long as transcripts.
/// </summary>
public sealed class RetentionOptionsValidator : AbstractValidator<RetentionOptions>
{
    public static readonly TimeSpan MinimumDeliveredOutbox = TimeSpan.FromDays(1);
    public static readonly TimeSpan MinimumProcessedActivities = TimeSpan.FromHours(1);

    public RetentionOptionsValidator()
    {
        RuleFor(o => o.Transcripts).GreaterThan(TimeSpan.Zero).OverridePropertyName("Retention:Transcripts");
        RuleFor(o => o.DirectLineActivities).GreaterThan(TimeSpan.Zero).OverridePropertyName("Retention:DirectLineActivities");
        RuleFor(o => o.Uploads).GreaterThan(TimeSpan.Zero).OverridePropertyName("Retention:Uploads");
        RuleFor(o => o.DeliveredOutbox).GreaterThanOrEqualTo(MinimumDeliveredOutbox).OverridePropertyName("Retention:DeliveredOutbox");
        RuleFor(o => o.ProcessedActivities).GreaterThanOrEqualTo(MinimumProcessedActivities).OverridePropertyName("Retention:ProcessedActivities");
        RuleFor(o => o.AuditRecords).Must((o, audit) => audit >= o.Transcripts)
            .WithMessage("must be at least Retention:Transcripts").OverridePropertyName("Retention:AuditRecords");
        RuleFor(o => o.Interval).GreaterThan(TimeSpan.Zero).OverridePropertyName("Retention:Interval");
    }
}
