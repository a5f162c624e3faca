using Handoff.Domain.Agents;
using Handoff.Domain.Audit;
using Handoff.Domain.Conversations;
using Handoff.Domain.LanguageModels;

namespace Handoff.Application.Common.Interfaces;

/// <summary>Loads and adds end-user conversations (tracked: changes are saved by <see cref="IUnitOfWork"/>).</summary>
public interface IConversationRepository
{
    Task<Conversation?> FindAsync(ConversationId id, CancellationToken cancellationToken);

    Task<Conversation?> FindByAddressAsync(string channelId, string channelConversationId, CancellationToken cancellationToken);

    /// <summary>Teams channel mode: the conversation whose agent-channel thread has this Teams conversation id.</summary>
    Task<Conversation?> FindByAgentThreadAsync(string threadId, CancellationToken cancellationToken);

    /// <summary>Waiting or connected conversations whose short id starts with <paramref name="shortId"/>.</summary>
    Task<IReadOnlyList<Conversation>> FindByShortIdAsync(string shortId, CancellationToken cancellationToken);

    /// <summary>The next user to serve: highest priority first, then longest waiting.</summary>
    Task<Conversation?> NextWaitingAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<Conversation>> ListByStateAsync(ConversationState state, CancellationToken cancellationToken);

    Task<IReadOnlyList<Conversation>> ListConnectedToAsync(AgentId agentId, CancellationToken cancellationToken);

    void Add(Conversation conversation);
}

/// <summary>Loads and adds agents.</summary>
public interface IAgentRepository
{
    Task<Agent?> FindAsync(AgentId id, CancellationToken cancellationToken);

    Task<Agent?> FindByChannelAccountAsync(string channelAccountKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<Agent>> ListLoggedInAsync(CancellationToken cancellationToken);

    void Add(Agent agent);
}

/// <summary>Loads, adds and removes language models.</summary>
public interface ILanguageModelRepository
{
    Task<IReadOnlyList<LanguageModel>> ListAsync(CancellationToken cancellationToken);

    Task<LanguageModel?> FindAsync(LanguageModelId id, CancellationToken cancellationToken);

    /// <summary>The seed keys of the built-in models already created.</summary>
    Task<IReadOnlyList<string>> SeedKeysAsync(CancellationToken cancellationToken);

    void Add(LanguageModel model);

    void Remove(LanguageModel model);
}

/// <summary>Appends to and reads conversation transcripts.</summary>
public interface ITranscriptRepository
{
    void Add(TranscriptEntry entry);

    /// <summary>The last <paramref name="count"/> entries, oldest first.</summary>
    Task<IReadOnlyList<TranscriptEntry>> RecentAsync(ConversationId conversationId, int count, CancellationToken cancellationToken);
}

/// <summary>The append-only audit log.</summary>
public interface IAuditLog
{
    void Add(AuditRecord record);

    /// <summary>Wait times (seconds) of the handoffs connected since <paramref name="since"/>, for the estimated wait.</summary>
    Task<IReadOnlyList<double>> RecentWaitsAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>Remembers inbound channel activities already processed, so a redelivery has no effect.</summary>
public interface IProcessedActivities
{
    Task<bool> ContainsAsync(string channelId, string activityId, CancellationToken cancellationToken);

    /// <summary>Recorded with the unit of work's next save: the activity counts as processed only if its effects were saved.</summary>
    void Add(string channelId, string activityId, DateTimeOffset at);
}

/// <summary>Saves everything the use case changed in one transaction, after publishing the domain events it raised.</summary>
public interface IUnitOfWork
{
    /// <exception cref="Exceptions.ConcurrencyConflictException">Another writer changed one of the aggregates first.</exception>
    Task SaveChangesAsync(CancellationToken cancellationToken);

    /// <summary>Forgets everything loaded and changed, so a use case can reload after a concurrency conflict.</summary>
    void DiscardChanges();
}
