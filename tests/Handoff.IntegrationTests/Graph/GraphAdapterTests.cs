using System.Text.Json.Nodes;
using Handoff.Application.Common.Interfaces;
using Handoff.Domain.Meetings;
using Handoff.Infrastructure.Graph;
using Handoff.Infrastructure.Settings;
using Handoff.TestSupport.FakeGraph;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Handoff.IntegrationTests.Graph;

/// <summary>
/// The Graph adapters as registered by <see cref="GraphServiceCollectionExtensions.AddGraph"/> (the SDK's handler chain,
/// the configured retry handler, the Polly timeout and circuit breaker), talking over loopback to a fake Graph. Only
/// the credential is a fake (a fixed test token).
/// </summary>
public sealed class GraphAdapterTests : IAsyncLifetime
{
    private const string AgentGroup = "a9e0c1f4-0000-4000-8000-000000000001";
    private const string NestedGroup = "a9e0c1f4-0000-4000-8000-000000000002";
    private const string Alice = "11111111-0000-4000-8000-00000000000a";
    private const string Bob = "11111111-0000-4000-8000-00000000000b";
    private const string Carol = "11111111-0000-4000-8000-00000000000c";
    private const string Dave = "11111111-0000-4000-8000-00000000000d";
    private const string Stranger = "11111111-0000-4000-8000-00000000000f";

    private readonly FakeGraphCredentialFactory _credentials = new();
    private FakeGraphServer _graph = null!;
    private ServiceProvider? _services;

    public async ValueTask InitializeAsync()
    {
        _graph = await FakeGraphServer.StartAsync();
        _graph.AddUser(Alice, "Alice Anders", "alice@contoso.test");
        _graph.AddUser(Bob, "Bob Berg");
        _graph.AddUser(Carol, "Carol Chen");
        _graph.AddUser(Dave, "Dave Denied");
        _graph.AddGroup(NestedGroup, Bob);
        _graph.AddGroup(AgentGroup, Alice, NestedGroup);
        _graph.DenyOrganizer(Dave);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task Directory_AuthorizesDirectAndNestedMembersWithTheirProfile_RefusesOthers()
    {
        var directory = Build().GetRequiredService<IAgentDirectory>();

        var alice = await directory.AuthorizeAsync(Alice, TestContext.Current.CancellationToken);
        var bob = await directory.AuthorizeAsync(Bob, TestContext.Current.CancellationToken);
        var carol = await directory.AuthorizeAsync(Carol, TestContext.Current.CancellationToken);
        var stranger = await directory.AuthorizeAsync(Stranger, TestContext.Current.CancellationToken);

        alice.ShouldBe(new AgentAuthorization(AgentAuthorizationOutcome.Authorized, "Alice Anders", "alice@contoso.test"));
        bob.Outcome.ShouldBe(AgentAuthorizationOutcome.Authorized);
        bob.DisplayName.ShouldBe("Bob Berg");
        carol.Outcome.ShouldBe(AgentAuthorizationOutcome.NotAMember);
        stranger.Outcome.ShouldBe(AgentAuthorizationOutcome.NotAMember);

        var check = _graph.Requests.First(r => r.Endpoint == GraphEndpoint.CheckMemberGroups);
        check.Path.ShouldBe($"/v1.0/users/{Alice}/checkMemberGroups");
        JsonNode.Parse(check.Body)!["groupIds"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe([AgentGroup]);
        _graph.Requests.ShouldAllBe(r => r.Authorization == $"Bearer {FakeTokenCredential.Token}");
        _credentials.Created.ShouldHaveSingleItem().Credential.RequestedScopes.ShouldAllBe(s => s.SequenceEqual(new[] { $"http://127.0.0.1/.default" }));
    }

    [Fact]
    public async Task Meeting_ForTheOrganizer_IsCreatedAndAResentRequestReturnsTheSameMeeting()
    {
        var scheduler = Build().GetRequiredService<IMeetingScheduler>();
        var start = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
        var request = new MeetingRequest(Alice, "handoff-42", "Support conversation with Jane", start, start.AddHours(1), Alice);

        var first = await scheduler.CreateAsync(request, TestContext.Current.CancellationToken);
        var again = await scheduler.CreateAsync(request, TestContext.Current.CancellationToken);
        var otherHandoff = await scheduler.CreateAsync(request with { ExternalId = "handoff-43" }, TestContext.Current.CancellationToken);

        // Graph's createOrGet keeps one meeting per (organizer, externalId); the product's share, checked here, is to
        // call createOrGet and to key the meeting by the handoff, the same on every resend.
        _graph.Requests.Where(r => r.Endpoint == GraphEndpoint.CreateOrGetMeeting).Select(r => JsonNode.Parse(r.Body)!["externalId"]!.GetValue<string>())
            .ShouldBe(["handoff-42", "handoff-42", "handoff-43"]);
        first.IsCreated.ShouldBeTrue(first.Detail);
        _graph.Meetings.Count.ShouldBe(2);
        otherHandoff.JoinUrl.ShouldNotBe(first.JoinUrl, "another externalId is another meeting: the fake does not de-duplicate on its own");
        var meeting = _graph.Meetings.Single(m => m.ExternalId == "handoff-42");
        first.JoinUrl.ShouldBe(meeting.JoinWebUrl);
        first.MeetingId.ShouldBe(meeting.Id);
        again.JoinUrl.ShouldBe(first.JoinUrl);
        again.MeetingId.ShouldBe(first.MeetingId);
        meeting.OrganizerId.ShouldBe(Alice);
        var body = JsonNode.Parse(meeting.Body)!;
        body["externalId"]!.GetValue<string>().ShouldBe("handoff-42");
        body["subject"]!.GetValue<string>().ShouldBe("Support conversation with Jane");
        DateTimeOffset.Parse(body["startDateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(start);
        DateTimeOffset.Parse(body["endDateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(start.AddHours(1));
        body["participants"].ShouldBeNull(); // the agent organizes: nobody to add
    }

    [Fact]
    public async Task DefaultOrganizerMeeting_AddsTheAgentAsPresenter_RefusalsAreClassified()
    {
        var scheduler = Build().GetRequiredService<IMeetingScheduler>();
        var now = DateTimeOffset.UtcNow;

        var denied = await scheduler.CreateAsync(new MeetingRequest(Dave, "handoff-1", "s", now, now.AddHours(1), Dave), TestContext.Current.CancellationToken);
        var unknown = await scheduler.CreateAsync(new MeetingRequest(Stranger, "handoff-1", "s", now, now.AddHours(1), Stranger), TestContext.Current.CancellationToken);
        var byDefault = await scheduler.CreateAsync(new MeetingRequest(Alice, "handoff-1", "s", now, now.AddHours(1), Dave), TestContext.Current.CancellationToken);

        denied.Failure.ShouldBe(MeetingFailure.OrganizerNotPermitted);
        denied.Detail!.ShouldContain("No application access policy");
        unknown.Failure.ShouldBe(MeetingFailure.OrganizerNotFound);
        byDefault.IsCreated.ShouldBeTrue(byDefault.Detail);
        var attendee = JsonNode.Parse(_graph.Meetings.ShouldHaveSingleItem().Body)!["participants"]!["attendees"]!.AsArray().ShouldHaveSingleItem()!;
        attendee["identity"]!["user"]!["id"]!.GetValue<string>().ShouldBe(Dave);
        attendee["role"]!.GetValue<string>().ShouldBe("presenter");
    }

    [Fact]
    public async Task Throttling_IsRetriedOnceAfterRetryAfter_ByTheSdkRetryHandlerOnly()
    {
        var services = Build();
        _graph.Fail(GraphEndpoint.CheckMemberGroups, 429, times: 1, retryAfterSeconds: 1);
        _graph.Fail(GraphEndpoint.CreateOrGetMeeting, 503, times: 1, retryAfterSeconds: 0);

        var answer = await services.GetRequiredService<IAgentDirectory>().AuthorizeAsync(Alice, TestContext.Current.CancellationToken);
        var meeting = await services.GetRequiredService<IMeetingScheduler>().CreateAsync(
            new MeetingRequest(Alice, "handoff-7", "s", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), Alice), TestContext.Current.CancellationToken);

        answer.Outcome.ShouldBe(AgentAuthorizationOutcome.Authorized);
        var checks = _graph.Requests.Where(r => r.Endpoint == GraphEndpoint.CheckMemberGroups).ToList();
        checks.Count.ShouldBe(2); // one 429, one retry: no second retry layer multiplying attempts
        checks[1].RetryAttempt.ShouldBe("1");
        meeting.IsCreated.ShouldBeTrue(meeting.Detail);
        // The POST was re-sent once with the same externalId, so Graph's createOrGet kept it to one meeting.
        _graph.Requests.Where(r => r.Endpoint == GraphEndpoint.CreateOrGetMeeting).Select(r => JsonNode.Parse(r.Body)!["externalId"]!.GetValue<string>())
            .ShouldBe(["handoff-7", "handoff-7"]);
        _graph.Meetings.Count.ShouldBe(1);
    }

    [Fact]
    public async Task RetryAfter_BeyondTheCap_IsNotWaitedFor()
    {
        var directory = Build(("Graph:MaxRetryAfter", "00:00:05")).GetRequiredService<IAgentDirectory>();
        _graph.Fail(GraphEndpoint.CheckMemberGroups, 429, times: 1, retryAfterSeconds: 120);

        var answer = await directory.AuthorizeAsync(Alice, TestContext.Current.CancellationToken);

        answer.Outcome.ShouldBe(AgentAuthorizationOutcome.Unavailable);
        _graph.Count(GraphEndpoint.CheckMemberGroups).ShouldBe(1);
    }

    [Fact]
    public async Task Persistent503_OpensTheCircuit_FurtherCallsDoNotReachGraph()
    {
        var scheduler = Build(("Graph:MaxRetries", "1"), ("Graph:CircuitBreaker:MinimumThroughput", "2")).GetRequiredService<IMeetingScheduler>();
        _graph.FailAlways(GraphEndpoint.CreateOrGetMeeting, 503, retryAfterSeconds: 0);
        var request = new MeetingRequest(Alice, "handoff-9", "s", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), Alice);

        var first = await scheduler.CreateAsync(request, TestContext.Current.CancellationToken);
        var second = await scheduler.CreateAsync(request, TestContext.Current.CancellationToken);
        var sentBeforeOpen = _graph.Count(GraphEndpoint.CreateOrGetMeeting);
        var third = await scheduler.CreateAsync(request, TestContext.Current.CancellationToken);

        first.Failure.ShouldBe(MeetingFailure.Unavailable);
        first.Detail!.ShouldContain("503");
        second.Failure.ShouldBe(MeetingFailure.Unavailable);
        sentBeforeOpen.ShouldBe(4); // 2 calls x (1 attempt + 1 SDK retry)
        third.Failure.ShouldBe(MeetingFailure.Unavailable);
        third.Detail!.ShouldContain("circuit open");
        _graph.Count(GraphEndpoint.CreateOrGetMeeting).ShouldBe(sentBeforeOpen);
    }

    [Fact]
    public async Task SlowGraph_TimesOut_AsUnavailable()
    {
        var directory = Build(("Graph:Timeout", "00:00:00.300")).GetRequiredService<IAgentDirectory>();
        _graph.Hang(GraphEndpoint.CheckMemberGroups);

        var answer = await directory.AuthorizeAsync(Alice, TestContext.Current.CancellationToken);

        answer.Outcome.ShouldBe(AgentAuthorizationOutcome.Unavailable);
        answer.Detail!.ShouldContain("no answer within");
    }

    [Fact]
    public async Task GraphDown_AFreshAnswerStands_ANewLoginIsUnavailable()
    {
        var directory = Build().GetRequiredService<IAgentDirectory>();
        (await directory.AuthorizeAsync(Alice, TestContext.Current.CancellationToken)).Outcome.ShouldBe(AgentAuthorizationOutcome.Authorized);
        _graph.FailAlways(GraphEndpoint.CheckMemberGroups, 500);

        var alice = await directory.AuthorizeAsync(Alice, TestContext.Current.CancellationToken);
        var bob = await directory.AuthorizeAsync(Bob, TestContext.Current.CancellationToken);

        alice.Outcome.ShouldBe(AgentAuthorizationOutcome.Authorized);
        bob.Outcome.ShouldBe(AgentAuthorizationOutcome.Unavailable);
    }

    [Fact]
    public async Task Adapters_WithoutTeamsSettings_AnswerNotConfiguredWithoutCallingGraph()
    {
        var services = Build(("Teams:TenantId", null), ("Teams:ClientSecret", null));

        var answer = await services.GetRequiredService<IAgentDirectory>().AuthorizeAsync(Alice, TestContext.Current.CancellationToken);
        var meeting = await services.GetRequiredService<IMeetingScheduler>().CreateAsync(
            new MeetingRequest(Alice, "x", "s", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), null), TestContext.Current.CancellationToken);

        answer.Outcome.ShouldBe(AgentAuthorizationOutcome.NotConfigured);
        meeting.Failure.ShouldBe(MeetingFailure.NotConfigured);
        _graph.Requests.ShouldBeEmpty();
    }

    private ServiceProvider Build(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Teams:TenantId"] = FakeGraphHostExtensions.TenantId,
            ["Teams:ClientId"] = FakeGraphHostExtensions.ClientId,
            ["Teams:ClientSecret"] = FakeGraphHostExtensions.ClientSecret,
            ["Teams:AgentGroupObjectId"] = AgentGroup,
            ["Graph:BaseUrl"] = _graph.BaseUrl,
            ["Graph:RetryDelaySeconds"] = "0",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddOptions<TeamsOptions>().Bind(configuration.GetSection(TeamsOptions.SectionName));
        services.AddGraph(configuration);
        services.Replace(ServiceDescriptor.Singleton<IGraphCredentialFactory>(_credentials));
        _services = services.BuildServiceProvider();
        return _services;
    }
}
