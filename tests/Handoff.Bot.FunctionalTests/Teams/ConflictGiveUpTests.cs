using System.Net;
using Handoff.Domain.Conversations;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.Bot.FunctionalTests.Teams;

/// <summary>
/// Over real HTTP: a command whose every conflict retry loses (a trigger makes each optimistic update of a
/// conversation affect no row) is answered 503 with <c>Retry-After</c>, nothing half-done, and the resend succeeds.
/// A host of its own: the trigger must not reach other tests.
/// </summary>
public sealed class ConflictGiveUpTests(BotFrameworkFixture fixture) : IClassFixture<BotFrameworkFixture>
{
    [Fact]
    public async Task InboundMessage_WhenEveryConflictRetryLoses_Is503WithRetryAfterAndTheResendWorks()
    {
        var user = $"webchat-conv-{Guid.NewGuid():N}";
        await fixture.SendAsync(Activities.WebChatMessage(fixture.ServiceUrl, "user-" + user, "Jane Doe", user, "hello"));
        (await ConversationStateAsync(user)).ShouldBe(ConversationState.Bot);

        var lost = await ForcedConflicts.LoseEveryUpdateAsync(fixture.Host.Services, "Conversations");
        var ask = Activities.WebChatMessage(fixture.ServiceUrl, "user-" + user, "Jane Doe", user, "agent");
        using (var refused = await fixture.PostAsync(ask))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            refused.Headers.RetryAfter.ShouldNotBeNull();
            refused.Headers.RetryAfter.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        }

        (await ConversationStateAsync(user)).ShouldBe(ConversationState.Bot, "nothing of the lost command was saved");

        // The channel resends the same activity (same id) once the storm has passed: it is handled once.
        await lost.DisposeAsync();
        await fixture.SendAsync(ask);
        (await ConversationStateAsync(user)).ShouldBe(ConversationState.Waiting);
        await fixture.Connector.WaitForAsync(r => r.ConversationId == user && r.Visible.Contains("number 1 in the queue", StringComparison.Ordinal));
    }

    private async Task<ConversationState> ConversationStateAsync(string userConversation)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HandoffDbContext>();
        var conversations = await db.Conversations.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        return conversations.Single(c => c.Address.ConversationId == userConversation).State;
    }
}
