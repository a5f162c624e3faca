using System.Collections.Concurrent;
using Handoff.Application.Common.Interfaces;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Graph;

/// <summary>
/// The last definitive membership answer per user and agent group, trusted for <see cref="GraphOptions.MembershipCacheDuration"/>.
/// It decides when a logged-in agent is checked again, and answers for an agent who logs in again while Graph is down.
/// </summary>
public sealed class MembershipCache(TimeProvider clock, IOptionsMonitor<GraphOptions> options)
{
    private readonly ConcurrentDictionary<(string User, string Group), Entry> _entries = new();

    public void Store(string userObjectId, string groupObjectId, AgentAuthorization answer) =>
        _entries[Key(userObjectId, groupObjectId)] = new Entry(answer, clock.GetUtcNow());

    /// <summary>The answer when it is younger than the cache duration.</summary>
    public bool TryGetFresh(string userObjectId, string groupObjectId, out AgentAuthorization answer)
    {
        answer = null!;
        if (!_entries.TryGetValue(Key(userObjectId, groupObjectId), out var entry) || clock.GetUtcNow() - entry.CheckedAt >= options.CurrentValue.MembershipCacheDuration)
        {
            return false;
        }

        answer = entry.Answer;
        return true;
    }

    private static (string, string) Key(string user, string group) => (user.Trim().ToUpperInvariant(), group.Trim().ToUpperInvariant());

    private sealed record Entry(AgentAuthorization Answer, DateTimeOffset CheckedAt);
}
