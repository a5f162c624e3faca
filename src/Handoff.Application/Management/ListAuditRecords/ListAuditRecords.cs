using System.Globalization;
using Handoff.Domain.Audit;

namespace Handoff.Application.Management.ListAuditRecords;

/// <summary>The audit log, newest first: optionally from (inclusive) and to (exclusive) ISO 8601 times, and of one type.</summary>
public sealed record ListAuditRecordsQuery(string? From, string? To, string? Type, int? PageNumber, int? PageSize) : IQuery<Page<AuditRecordDto>>;

public sealed class ListAuditRecordsQueryValidator : AbstractValidator<ListAuditRecordsQuery>
{
    public ListAuditRecordsQueryValidator()
    {
        RuleFor(q => q.From).Must(v => TryParseTime(v, out _)).When(q => !string.IsNullOrEmpty(q.From))
            .WithMessage("must be an ISO 8601 date and time, e.g. 2026-01-31T12:00:00Z.").OverridePropertyName("from");
        RuleFor(q => q.To).Must(v => TryParseTime(v, out _)).When(q => !string.IsNullOrEmpty(q.To))
            .WithMessage("must be an ISO 8601 date and time, e.g. 2026-01-31T12:00:00Z.").OverridePropertyName("to");
        RuleFor(q => q.Type)
            .Must(t => Enum.TryParse<AuditType>(t, ignoreCase: true, out _) && !int.TryParse(t, out _))
            .When(q => !string.IsNullOrEmpty(q.Type))
            .WithMessage($"must be one of {string.Join(", ", Enum.GetNames<AuditType>())}.")
            .OverridePropertyName("type");
        PagingRules.Apply(this, q => q.PageNumber, q => q.PageSize);
    }

    public static bool TryParseTime(string? value, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}

public sealed class ListAuditRecordsQueryHandler(IManagementQueries queries) : IQueryHandler<ListAuditRecordsQuery, Page<AuditRecordDto>>
{
    public async ValueTask<Page<AuditRecordDto>> Handle(ListAuditRecordsQuery query, CancellationToken cancellationToken)
    {
        DateTimeOffset? from = ListAuditRecordsQueryValidator.TryParseTime(query.From, out var f) ? f : null;
        DateTimeOffset? to = ListAuditRecordsQueryValidator.TryParseTime(query.To, out var t) ? t : null;
        AuditType? type = string.IsNullOrEmpty(query.Type) ? null : Enum.Parse<AuditType>(query.Type, ignoreCase: true);
        return await queries.ListAuditRecordsAsync(from, to, type, query.PageNumber ?? 1, query.PageSize ?? Page<AuditRecordDto>.DefaultSize, cancellationToken);
    }
}
