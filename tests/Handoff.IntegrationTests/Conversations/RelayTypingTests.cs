using System.Collections.Concurrent;
using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.RelayTyping;
using Handoff.Domain.Common;
using Handoff.Domain.Conversations;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Handoff.IntegrationTests.Conversations;

/// <summary>
/// Who sees a typing indicator (ADR-032), through the real pipeline on Sqlite: the rules of plain text with several
/// users, nothing stored. The channels' own adapters are replaced by a recorder at the port.
/// </summary>
public sealed class RelayTypingTests
{
    private readonly RecordingTypingIndicator _shown = new();

    [Fact]
    public async Task AgentTyping_WithSeveralUsers_ReachesOnlyTheFocusedOne()
    {
        await using var harness = await StartAsync(capacity: 2);
        var people = new People(harness);
        var jane = await TwoUsersAsync(harness, people);

        await AgentTypesAsync(harness);
        await people.TeamsAgent("alice", string.Empty, Focus(jane.Id.Value));
        await AgentTypesAsync(harness);

        _shown.Seen.ShouldBe([$"{People.UserAddress("john").Key} Alice", $"{People.UserAddress("jane").Key} Alice"]);
    }

    [Fact]
    public async Task AgentTyping_WithSeveralUsersAndNoFocus_ReachesNobody()
    {
        await using var harness = await StartAsync(capacity: 3);
        var people = new People(harness);
        await TwoUsersAsync(harness, people);
        await people.User("ann", "agent");
        await people.TeamsAgent("alice", "connect");
        await people.TeamsAgent("alice", "disconnect");
        (await harness.ReadAsync(db => db.Agents.SingleAsync())).FocusedConversation.ShouldBeNull();

        await AgentTypesAsync(harness);

        _shown.Seen.ShouldBeEmpty();
    }

    [Fact]
    public async Task UserTyping_FromAnUnfocusedUser_ReachesNobody_AndFromTheFocusedOneTheAgent()
    {
        await using var harness = await StartAsync(capacity: 2);
        var people = new People(harness);
        await TwoUsersAsync(harness, people);
        var transcripts = await harness.ReadAsync(db => db.TranscriptEntries.CountAsync());
        var outbox = await harness.ReadAsync(db => db.OutboxMessages.CountAsync());

        (await harness.SendAsync(new RelayTypingCommand(People.UserAddress("jane"), "dl_jane"))).IsSuccess.ShouldBeTrue();
        (await harness.SendAsync(new RelayTypingCommand(People.UserAddress("john"), "dl_john"))).IsSuccess.ShouldBeTrue();

        _shown.Seen.ShouldBe([$"{People.TeamsAddress("alice").Key} John"]);
        (await harness.ReadAsync(db => db.TranscriptEntries.CountAsync())).ShouldBe(transcripts);
        (await harness.ReadAsync(db => db.OutboxMessages.CountAsync())).ShouldBe(outbox);
        (await harness.DeliverAsync()).ShouldBeEmpty();
    }

    private Task<HandoffHarness> StartAsync(int capacity) => HandoffHarness.StartAsync(
        People.Settings(("Handoff:Agents:Capacity", capacity.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        services =>
        {
            services.RemoveAll<ITypingIndicator>();
            services.AddSingleton<ITypingIndicator>(_shown);
        });

    private static async Task AgentTypesAsync(HandoffHarness harness) =>
        (await harness.SendAsync(new RelayTypingCommand(People.TeamsAddress("alice"), "29:alice"))).IsSuccess.ShouldBeTrue();

    /// <summary>Jane, then John connected to Alice: John, the newest, is the focus. Answers Jane's conversation.</summary>
    private static async Task<Conversation> TwoUsersAsync(HandoffHarness harness, People people)
    {
        await people.LoginTeamsAgentAsync("alice");
        await people.User("jane", "agent");
        await people.TeamsAgent("alice", "connect");
        await people.User("john", "agent");
        await people.TeamsAgent("alice", "connect");
        await harness.DeliverAsync();
        return await harness.ReadAsync(db => db.Conversations.SingleAsync(c => c.UserName == "Jane Doe"));
    }

    private static string Focus(Guid conversationId) => $$"""{"command":"focus","conversationId":"{{conversationId}}"}""";

    private sealed class RecordingTypingIndicator : ITypingIndicator
    {
        private readonly ConcurrentQueue<string> _seen = new();

        public IReadOnlyList<string> Seen => [.. _seen];

        public Task ShowTypingAsync(ChannelAddress to, string? typistName, CancellationToken cancellationToken)
        {
            _seen.Enqueue($"{to.Key} {typistName}");
            return Task.CompletedTask;
        }
    }
}
