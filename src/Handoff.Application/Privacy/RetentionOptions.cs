namespace Handoff.Application.Privacy;

/// <summary>
/// The <c>Retention</c> section: how long each kind of data is kept, and how often the retention job runs. Audit
/// records are kept longest: they say who did what, with no message content.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Transcripts, and the conversations (user name, channel address) they belong to, counted from the last activity.</summary>
    public TimeSpan Transcripts { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The embedded Direct Line channel's activity log (what Web Chat re-reads on reconnect).</summary>
    public TimeSpan DirectLineActivities { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Files users uploaded through the web chat.</summary>
    public TimeSpan Uploads { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Outbox messages after delivery (or after delivery finally failed); undelivered ones are never removed.</summary>
    public TimeSpan DeliveredOutbox { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The ids of processed inbound activities, which make a channel's redelivery a no-op.</summary>
    public TimeSpan ProcessedActivities { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Audit records (six years, a common record-keeping period for health care).</summary>
    public TimeSpan AuditRecords { get; set; } = TimeSpan.FromDays(6 * 365);

    /// <summary>How often the retention job runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    public RetentionCutoffs CutoffsAt(DateTimeOffset now) => new(
        now - Transcripts, now - DirectLineActivities, now - Uploads, now - DeliveredOutbox, now - ProcessedActivities, now - AuditRecords);
}
