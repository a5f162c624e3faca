using Handoff.Application.Common.Settings;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using Handoff.Application.Common.Interfaces;
using Handoff.Application.Common.Messaging;
using Handoff.Domain.Common;
using Handoff.Infrastructure.Channels.BotFramework;
using Handoff.Infrastructure.Persistence;
using Handoff.TestSupport;
using Handoff.TestSupport.BotConnector;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Handoff.Bot.FunctionalTests.Teams;

/// <summary>
/// A Bot Framework host on a <see cref="FakeTimeProvider"/>, with the limit on forced signing-key refreshes ON
/// (one an hour, as in production it is one a minute), periodic key refreshes every 30 minutes, and a bot credential
/// whose tokens expire an hour after the fake clock's now.
/// </summary>
public sealed class ClockedBotFrameworkFixture : BotFrameworkFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public ExpiringTokenCredential ExpiringCredential => field ??= new ExpiringTokenCredential(Clock, TimeSpan.FromHours(1));

    protected override void Configure(TestHostOptions options)
    {
        options.Settings["Bot:SigningKeysMinimumRefreshInterval"] = "01:00:00";
        options.Settings["Bot:SigningKeysRefreshInterval"] = "00:30:00";
        options.Services.Add(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddKeyedSingleton<TokenCredential>(BotTokenProvider.CredentialKey, ExpiringCredential);
        });
    }

    /// <summary>An inbound token valid for a day, so the tests can move the clock.</summary>
    public static TokenSpec LongLived(FakeSigningKey? key = null) => new() { Key = key, ExpiresIn = TimeSpan.FromDays(1) };
}

/// <summary>The bot's own credential: token-1, token-2, ... each valid for <paramref name="lifetime"/> from the clock's now.</summary>
public sealed class ExpiringTokenCredential(TimeProvider clock, TimeSpan lifetime) : TokenCredential
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new($"token-{Interlocked.Increment(ref _calls)}", clock.GetUtcNow() + lifetime);

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

/// <summary>Issue 16: the Bot Connector's signing keys with the forced-refresh limit on, and kept while their endpoint fails.</summary>
public sealed class SigningKeyRefreshLimitTests(ClockedBotFrameworkFixture fixture) : IClassFixture<ClockedBotFrameworkFixture>
{
    private FakeBotConnector Connector => fixture.Connector;

    [Fact]
    public async Task UnknownKeyIds_WithTheLimitOn_RefetchTheKeysOncePerInterval_AndANewKeyIsAcceptedAfterIt()
    {
        (await PostAsync(ClockedBotFrameworkFixture.LongLived())).ShouldBe(HttpStatusCode.OK);
        var rotated = Connector.CreateKey($"rotated-{Guid.NewGuid():N}", FakeBotConnector.DefaultEndorsements);
        var before = Connector.JwksRequests;

        var first = await PostAsync(ClockedBotFrameworkFixture.LongLived(rotated));
        Connector.Publish(rotated);
        var again = await PostAsync(ClockedBotFrameworkFixture.LongLived(rotated));
        var another = await PostAsync(ClockedBotFrameworkFixture.LongLived(Connector.CreateKey($"unknown-{Guid.NewGuid():N}", "webchat")));
        var fetchedWithinTheInterval = Connector.JwksRequests - before;
        fixture.Clock.Advance(TimeSpan.FromMinutes(61));
        var afterTheInterval = await PostAsync(ClockedBotFrameworkFixture.LongLived(rotated));

        first.ShouldBe(HttpStatusCode.Unauthorized);
        again.ShouldBe(HttpStatusCode.Unauthorized); // published meanwhile, but the limit holds the next fetch back
        another.ShouldBe(HttpStatusCode.Unauthorized);
        fetchedWithinTheInterval.ShouldBe(1);
        afterTheInterval.ShouldBe(HttpStatusCode.OK);
        (Connector.JwksRequests - before).ShouldBe(2);
    }

    private async Task<HttpStatusCode> PostAsync(TokenSpec token)
    {
        var conversationId = $"conv-{Guid.NewGuid():N}";
        using var response = await fixture.PostAsync(Activities.WebChatMessage(fixture.ServiceUrl, "user-" + conversationId, "Jane", conversationId, "hello"), token);
        return response.StatusCode;
    }
}

/// <summary>Issue 16: a failing key endpoint keeps the known keys; the keys are re-read periodically without any miss.</summary>
public sealed class SigningKeyPeriodicRefreshTests(ClockedBotFrameworkFixture fixture) : IClassFixture<ClockedBotFrameworkFixture>
{
    private FakeBotConnector Connector => fixture.Connector;

    [Fact]
    public async Task KeyEndpointFailing_KeepsTheOldKeys_AndTheNextPeriodicRefreshLoadsNewOnes()
    {
        (await PostAsync(ClockedBotFrameworkFixture.LongLived())).ShouldBe(HttpStatusCode.OK);
        var before = Connector.JwksRequests;

        Connector.KeysFailing = true;
        fixture.Clock.Advance(TimeSpan.FromMinutes(31));
        var whileFailing = await PostAsync(ClockedBotFrameworkFixture.LongLived());
        var triedWhileFailing = Connector.JwksRequests - before;

        Connector.KeysFailing = false;
        var added = Connector.AddKey($"added-{Guid.NewGuid():N}", FakeBotConnector.DefaultEndorsements);
        fixture.Clock.Advance(TimeSpan.FromMinutes(61));
        var withTheOldKey = await PostAsync(ClockedBotFrameworkFixture.LongLived());
        var periodic = Connector.JwksRequests - before;
        var withTheNewKey = await PostAsync(ClockedBotFrameworkFixture.LongLived(added));

        whileFailing.ShouldBe(HttpStatusCode.OK);
        triedWhileFailing.ShouldBe(1);
        withTheOldKey.ShouldBe(HttpStatusCode.OK);
        periodic.ShouldBe(2);
        withTheNewKey.ShouldBe(HttpStatusCode.OK);
        (Connector.JwksRequests - before).ShouldBe(2); // the new key was already loaded: no miss, no forced fetch
    }

    private async Task<HttpStatusCode> PostAsync(TokenSpec token)
    {
        var conversationId = $"conv-{Guid.NewGuid():N}";
        using var response = await fixture.PostAsync(Activities.WebChatMessage(fixture.ServiceUrl, "user-" + conversationId, "Jane", conversationId, "hello"), token);
        return response.StatusCode;
    }
}

/// <summary>Issue 16: the bot's own token is fetched once for many sends and renewed shortly before it expires.</summary>
public sealed class BotTokenRenewalTests(ClockedBotFrameworkFixture fixture) : IClassFixture<ClockedBotFrameworkFixture>
{
    private FakeBotConnector Connector => fixture.Connector;

    [Fact]
    public async Task BotToken_IsFetchedOnceForManySends_AndRenewedNearItsExpiry()
    {
        var early = new List<ConnectorRequest>();
        for (var i = 0; i < 5; i++)
        {
            early.Add(await ReplyToNewUserAsync());
        }

        var fetchedForFive = fixture.ExpiringCredential.Calls;
        fixture.Clock.Advance(TimeSpan.FromMinutes(56)); // within the last five minutes of the token's hour
        var late = await ReplyToNewUserAsync();

        fetchedForFive.ShouldBe(1);
        early.ShouldAllBe(r => r.Authorization == "Bearer token-1");
        late.Authorization.ShouldBe("Bearer token-2");
        fixture.ExpiringCredential.Calls.ShouldBe(2);
    }

    private async Task<ConnectorRequest> ReplyToNewUserAsync()
    {
        var conversationId = $"conv-{Guid.NewGuid():N}";
        using var response = await fixture.PostAsync(Activities.WebChatMessage(fixture.ServiceUrl, "user-" + conversationId, "Jane", conversationId, "hello"), ClockedBotFrameworkFixture.LongLived());
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await Connector.WaitForAsync(r => r.ConversationId == conversationId && r.Succeeded);
    }
}

/// <summary>
/// Issue 16: a connector that refuses for good (401: the bot's token; 404: the conversation is gone) gives a dead
/// letter that names the cause, and the person whose message it was is told; a proactive conversation is created by
/// the channel sender, from the outbox, with the bot's token.
/// </summary>
public sealed class ConnectorRefusalTests(BotFrameworkFixture fixture) : IClassFixture<BotFrameworkFixture>
{
    private FakeBotConnector Connector => fixture.Connector;

    [Theory]
    [InlineData(401, "refused the bot's token")]
    [InlineData(404, "does not exist at the channel")]
    public async Task RefusalForGood_IsAClearDeadLetter_AndTheSenderIsTold(int status, string cause)
    {
        var (agent, user) = await ConnectedPairAsync($"Agent {status}");
        Connector.FailAlways(agent.ConversationId, status);

        await fixture.SendAsync(Activities.WebChatMessage(fixture.ServiceUrl, "user-" + user, "Jane Doe", user, $"are you there {status}?"));
        var told = await Connector.WaitForAsync(r => r.ConversationId == user && r.Succeeded && r.Visible.Contains("Not delivered", StringComparison.Ordinal));

        told.Visible.ShouldContain($"are you there {status}?");
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var deadLetters = await scope.ServiceProvider.GetRequiredService<HandoffDbContext>().OutboxMessages
            .Where(m => m.DeadLetteredAt != null && m.OrderingKey == "msteams:" + agent.ConversationId)
            .Select(m => m.LastError)
            .ToListAsync(TestContext.Current.CancellationToken);
        deadLetters.ShouldHaveSingleItem().ShouldNotBeNull().ShouldStartWith($"{status} ");
        deadLetters[0]!.ShouldContain(cause);
        Connector.Requests.Count(r => r.ConversationId == agent.ConversationId && r.Status == status).ShouldBe(1); // never retried
    }

    [Fact]
    public async Task ProactiveMessage_ToAnAddressWithoutAConversation_IsCreatedAndSentThroughTheSender()
    {
        var userId = $"29:{Guid.NewGuid():N}";
        var to = new ChannelAddress("msteams", string.Empty, userId, fixture.ServiceUrl, Activities.BotId, BotFrameworkFixture.TenantId);
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IOutbox>().Enqueue(OutboundMessage.PlainText(to, "a proactive hello"));
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var sent = await Connector.WaitForAsync(r => r.IsSend && r.Succeeded && r.Text == "a proactive hello");
        var created = Connector.Requests.Where(r => r.ConversationId is null && r.Body.GetProperty("members")[0].GetProperty("id").GetString() == userId).ShouldHaveSingleItem();

        created.Authorization.ShouldBe($"Bearer {BotFrameworkFixture.BotToken}");
        created.Body.GetProperty("tenantId").GetString().ShouldBe(BotFrameworkFixture.TenantId);
        sent.ConversationId.ShouldBe(created.ReturnedId);
        sent.Authorization.ShouldBe($"Bearer {BotFrameworkFixture.BotToken}");
    }

    /// <summary>A Teams agent who signed in and connected to a new web chat user (the only one waiting).</summary>
    private async Task<(TeamsPerson Agent, string UserConversationId)> ConnectedPairAsync(string name)
    {
        var agent = Activities.NewTeamsPerson(name);
        fixture.Directory.AddMember(agent.AadObjectId, agent.Name);
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, agent, "login"));
        await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentOptionsSummary)), StringComparison.Ordinal));

        var user = $"webchat-conv-{Guid.NewGuid():N}";
        await fixture.SendAsync(Activities.WebChatMessage(fixture.ServiceUrl, "user-" + user, "Jane Doe", user, "I want to talk to an agent"));
        var card = await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.IsSend && r.Succeeded && r.Visible.Contains("is waiting", StringComparison.Ordinal));
        await fixture.SendAsync(Activities.TeamsMessage(fixture.ServiceUrl, agent, null, Activities.SubmitData(card.Body.GetProperty("attachments")[0].GetProperty("content").GetRawText(), "connect")));
        await Connector.WaitForAsync(r => r.ConversationId == user && r.Visible.Contains(Words.Default(nameof(HandoffMessages.AgentConnected), ("agent", name)), StringComparison.Ordinal));
        await Connector.WaitForAsync(r => r.ConversationId == agent.ConversationId && r.IsUpdate && r.ActivityId == card.ReturnedId);
        return (agent, user);
    }
}
