using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Handoff.Application.Common.Interfaces;
using Handoff.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Infrastructure.Channels.DirectLine;

/// <summary>A personal agent web chat key: bound to one agent identity (<see cref="UserId"/>); only its SHA-256 hash is kept.</summary>
public sealed class AgentWebChatKey
{
    public required string Id { get; init; }

    public required string AgentName { get; init; }

    /// <summary>The agent's Direct Line user id, <c>agent_&lt;Id&gt;</c>: whoever signs in with this key is this agent, whatever name they type.</summary>
    public required string UserId { get; init; }

    /// <summary>Lower-case hex of SHA-256(key).</summary>
    public required string KeyHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>How many times an agent identity's sessions were ended: a token issued under an older generation is refused.</summary>
public sealed class AgentWebChatSession
{
    public required string UserId { get; init; }

    public long Generation { get; set; }

    public DateTimeOffset EndedAt { get; set; }
}

/// <summary>
/// Which agent tokens are still good (ADR-033). An agent token names the key it was issued with (a personal key's id,
/// or a shared key's fingerprint) and its identity's session generation; it is honoured on every request, refresh and
/// open stream only while that key is still valid and the generation is current. Ending an identity's sessions (a
/// sign-out from <c>/admin</c>, a revoked key, a new sign-in as the same agent) bumps the generation and closes its
/// streams. Everything is kept in the database and cached here, loaded once: agents are few, and every agent request
/// asks.
/// </summary>
public sealed class AgentSessions(IServiceScopeFactory scopes, AgentAccessKeys sharedKeys, TimeProvider clock) : IAgentCredentials
{
    private const string PersonalKeyPrefix = "k:";

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _streamsOf = new(StringComparer.Ordinal);
    private List<AgentWebChatKey>? _keys;
    private Dictionary<string, long>? _generations;

    /// <summary>The active personal key <paramref name="key"/> is, or null (each hash compared in constant time).</summary>
    public AgentWebChatKey? FindActiveKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var candidate = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
        AgentWebChatKey? match = null;
        foreach (var record in ActiveKeys())
        {
            // No early exit: the time taken does not depend on which key matched.
            if (CryptographicOperations.FixedTimeEquals(candidate, Encoding.ASCII.GetBytes(record.KeyHash)))
            {
                match = record;
            }
        }

        return match;
    }

    /// <summary>Whether an active personal key belongs to an agent of this name: a shared key cannot sign in under it.</summary>
    public bool HasPersonalKey(string agentName) =>
        ActiveKeys().Any(k => string.Equals(k.AgentName.Trim(), agentName.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The claim an agent token carries for the key it was issued with.</summary>
    public static string KeyClaimOf(AgentWebChatKey key) => PersonalKeyPrefix + key.Id;

    public long GenerationOf(string userId)
    {
        lock (_lock)
        {
            Load();
            return _generations!.GetValueOrDefault(userId);
        }
    }

    /// <summary>Whether this agent token may still be used: its key is valid and its session was not ended since it was issued.</summary>
    public bool IsCurrent(DirectLineToken token)
    {
        if (!token.IsAgent || token.AgentGeneration != CurrentGenerationFor(token))
        {
            return false;
        }

        if (token.AgentKey is { } claim && claim.StartsWith(PersonalKeyPrefix, StringComparison.Ordinal))
        {
            var id = claim[PersonalKeyPrefix.Length..];
            return ActiveKeys().Any(k => k.Id == id && k.UserId == token.UserId);
        }

        return sharedKeys.IsStillValid(token.AgentKey);
    }

    /// <summary>
    /// The generation a token is checked against. A token newer than this instance's cache was issued by another
    /// instance after it ended sessions there (several instances share the database, ADR-039): the generation is read
    /// again from the database rather than refusing a valid token. Generations only grow, so an older token needs no read.
    /// </summary>
    private long CurrentGenerationFor(DirectLineToken token)
    {
        var cached = GenerationOf(token.UserId);
        if (token.AgentGeneration <= cached)
        {
            return cached;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
        var stored = db.Set<AgentWebChatSession>().AsNoTracking().Where(s => s.UserId == token.UserId).Select(s => (long?)s.Generation).FirstOrDefault() ?? 0;
        lock (_lock)
        {
            var current = Math.Max(stored, _generations!.GetValueOrDefault(token.UserId));
            _generations![token.UserId] = current;
            return current;
        }
    }

    /// <summary>Cancelled when this agent's sessions end: the agent's open streams close with it.</summary>
    public CancellationToken StreamsEnded(string userId) => _streamsOf.GetOrAdd(userId, _ => new CancellationTokenSource()).Token;

    /// <summary>Ends every token issued so far to this Direct Line agent user and closes their streams.</summary>
    public async Task EndSessionsOfAsync(string userId, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            long generation;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
                var row = await db.Set<AgentWebChatSession>().FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);

                // Past what this instance knows and what the database holds: another instance may have ended sessions
                // since this one loaded (ADR-039), and a generation reused would keep that instance's tokens valid.
                generation = Math.Max(GenerationOf(userId), row?.Generation ?? 0) + 1;
                if (row is null)
                {
                    db.Add(new AgentWebChatSession { UserId = userId, Generation = generation, EndedAt = clock.GetUtcNow() });
                }
                else
                {
                    row.Generation = generation;
                    row.EndedAt = clock.GetUtcNow();
                }

                await db.SaveChangesAsync(cancellationToken);
            }

            lock (_lock)
            {
                _generations![userId] = generation;
            }
        }
        finally
        {
            _writes.Release();
        }

        CloseStreamsOf(userId);
    }

    public Task EndSessionsAsync(string channelAccountKey, CancellationToken cancellationToken)
    {
        var prefix = DirectLineActivities.ChannelId + ":";
        return channelAccountKey.StartsWith(prefix, StringComparison.Ordinal)
            ? EndSessionsOfAsync(channelAccountKey[prefix.Length..], cancellationToken)
            : Task.CompletedTask;
    }

    public async Task<CreatedAgentKey> CreateKeyAsync(string agentName, string createdBy, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var key = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var record = new AgentWebChatKey
        {
            Id = id,
            AgentName = agentName,
            UserId = "agent_" + id,
            KeyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
        };
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
                db.Add(record);
                await db.SaveChangesAsync(cancellationToken);
            }

            lock (_lock)
            {
                Load();
                _keys = [.. _keys!, record];
            }
        }
        finally
        {
            _writes.Release();
        }

        return new CreatedAgentKey(InfoOf(record), key);
    }

    public Task<IReadOnlyList<AgentKeyInfo>> ListKeysAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Load();
            return Task.FromResult<IReadOnlyList<AgentKeyInfo>>([.. _keys!.OrderBy(k => k.CreatedAt).Select(InfoOf)]);
        }
    }

    public async Task<AgentKeyInfo?> RevokeKeyAsync(string id, CancellationToken cancellationToken)
    {
        AgentWebChatKey? revoked;
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
                revoked = await db.Set<AgentWebChatKey>().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
                if (revoked is null)
                {
                    return null;
                }

                revoked.RevokedAt ??= clock.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
            }

            lock (_lock)
            {
                Load();
                _keys = [.. _keys!.Where(k => k.Id != id), revoked];
            }
        }
        finally
        {
            _writes.Release();
        }

        CloseStreamsOf(revoked.UserId);
        return InfoOf(revoked);
    }

    private void CloseStreamsOf(string userId)
    {
        // Not disposed: a stream that is opening may still read its token; a cancelled source holds nothing.
        if (_streamsOf.TryRemove(userId, out var streams))
        {
            streams.Cancel();
        }
    }

    private List<AgentWebChatKey> ActiveKeys()
    {
        lock (_lock)
        {
            Load();
            return [.. _keys!.Where(k => k.RevokedAt is null)];
        }
    }

    /// <summary>Reads keys and generations once, synchronously (EF Core's own synchronous query), under the lock.</summary>
    private void Load()
    {
        if (_keys is not null)
        {
            return;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
        _generations = db.Set<AgentWebChatSession>().AsNoTracking().ToDictionary(s => s.UserId, s => s.Generation, StringComparer.Ordinal);
        _keys = [.. db.Set<AgentWebChatKey>().AsNoTracking()];
    }

    private static AgentKeyInfo InfoOf(AgentWebChatKey key) =>
        new(key.Id, key.AgentName, DirectLineActivities.ChannelId + ":" + key.UserId, key.CreatedAt, key.CreatedBy, key.RevokedAt);
}
