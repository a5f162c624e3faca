using Handoff.Application.Common.Settings;
using Handoff.Domain.Audit;
using Handoff.Domain.Meetings;
using Handoff.IntegrationTests.Support;
using Handoff.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Handoff.IntegrationTests.Meetings;

public sealed class CreateMeetingTests
{
    private const string DefaultOrganizer = "0d0d0d0d-0000-4000-8000-00000000000d";

    private static async Task<(HandoffHarness Harness, People People)> ConnectedAsync(params (string, string?)[] settings)
    {
        var harness = await HandoffHarness.StartAsync(People.Settings(settings));
        var people = new People(harness);
        await people.ConnectedAsync();
        return (harness, people);
    }

    [Theory]
    [InlineData(MeetingFailure.OrganizerNotPermitted)]
    [InlineData(MeetingFailure.OrganizerNotFound)]
    public async Task Meeting_WhenTheAgentCannotOrganize_UsesTheDefaultOrganizer(MeetingFailure failure)
    {
        var (harness, people) = await ConnectedAsync(("Teams:DefaultMeetingOrganizerObjectId", DefaultOrganizer));
        await using var _ = harness;
        harness.Meetings.Refuse(People.EntraId("alice"), failure);

        (await people.TeamsAgent("alice", "meeting")).IsSuccess.ShouldBeTrue();

        harness.Meetings.Requests.Select(r => r.OrganizerObjectId).ShouldBe([People.EntraId("alice"), DefaultOrganizer]);
        var delivered = await harness.DeliverAsync();
        delivered.SeenBy(People.TeamsAddress("alice")).ShouldHaveSingleItem().ShouldStartWith(Words.Default(nameof(HandoffMessages.MeetingCreated), ("organizer", Words.Default(nameof(HandoffMessages.MeetingDefaultOrganizer)))).Split(" Link")[0]);
        delivered.SeenBy(People.UserAddress("jane")).ShouldHaveSingleItem().ShouldContain("[Join meeting https://");
        var audit = await harness.ReadAsync(db => db.AuditRecords.SingleAsync(a => a.Type == AuditType.MeetingCreated));
        audit.Details.ShouldBe($"organizer {DefaultOrganizer}, default organizer used: True");
    }

    [Fact]
    public async Task Meeting_WhenRefusedAndNoDefault_TellsTheAgentExactlyWhy()
    {
        var (harness, people) = await ConnectedAsync();
        await using var _ = harness;
        harness.Meetings.Refuse(People.EntraId("alice"), MeetingFailure.OrganizerNotPermitted);

        (await people.TeamsAgent("alice", "meeting")).IsFailure.ShouldBeTrue();

        (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldBe(
        [
            "No meeting could be created: the organizer is not allowed to create meetings through this app (no Teams application access policy or licence). No default meeting organizer is configured (Teams:DefaultMeetingOrganizerObjectId).",
        ]);
        harness.Meetings.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Meeting_WhenGraphIsDown_DoesNotFallBackAndSaysTryAgain()
    {
        var (harness, people) = await ConnectedAsync(("Teams:DefaultMeetingOrganizerObjectId", DefaultOrganizer));
        await using var _ = harness;
        harness.Meetings.Refuse(People.EntraId("alice"), MeetingFailure.Unavailable);

        await people.TeamsAgent("alice", "meeting");

        harness.Meetings.Requests.Count.ShouldBe(1);
        (await harness.DeliverAsync()).SeenBy(People.TeamsAddress("alice")).ShouldHaveSingleItem().ShouldContain("try again in a minute");
    }

    [Fact]
    public async Task Meeting_ForAWebChatAgentWithoutEntraId_NeedsTheDefaultOrganizer()
    {
        await using var harness = await HandoffHarness.StartAsync(People.Settings());
        var people = new People(harness);
        await people.WebAgent("walt", "login");
        await people.User("jane", "agent");
        await people.WebAgent("walt", "connect");
        await harness.DeliverAsync();

        await people.WebAgent("walt", "meeting");

        harness.Meetings.Requests.ShouldBeEmpty();
        (await harness.DeliverAsync()).Single().Message.Text.ShouldBe(
            "No meeting could be created: you have no Microsoft Entra ID account to organize it, and no default meeting organizer is configured (Teams:DefaultMeetingOrganizerObjectId).");
    }

    [Fact]
    public async Task Meeting_ResentForTheSameHandoff_AsksForTheSameExternalId()
    {
        var (harness, people) = await ConnectedAsync();
        await using var _ = harness;

        await people.TeamsAgent("alice", "meeting");
        await people.TeamsAgent("alice", "meeting");

        harness.Meetings.Requests.Select(r => r.ExternalId).Distinct().ShouldHaveSingleItem();
    }
}
