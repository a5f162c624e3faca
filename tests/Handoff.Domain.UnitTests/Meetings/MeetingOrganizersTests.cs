using Handoff.Domain.Meetings;

namespace Handoff.Domain.UnitTests.Meetings;

public sealed class MeetingOrganizersTests
{
    [Fact]
    public void FirstChoice_IsTheAgentWhenTheyHaveAnEntraId()
    {
        MeetingOrganizers.FirstChoice("agent-oid", "default-oid").ShouldBe("agent-oid");
        MeetingOrganizers.FirstChoice(null, "default-oid").ShouldBe("default-oid");
        MeetingOrganizers.FirstChoice(" ", " ").ShouldBeNull();
    }

    [Theory]
    [InlineData(MeetingFailure.OrganizerNotPermitted, "default-oid")]
    [InlineData(MeetingFailure.OrganizerNotFound, "default-oid")]
    [InlineData(MeetingFailure.Unavailable, null)]
    [InlineData(MeetingFailure.NotConfigured, null)]
    public void Fallback_OnlyWhenTheOrganizerWasRefused(MeetingFailure failure, string? expected)
    {
        MeetingOrganizers.Fallback(failure, "agent-oid", "default-oid").ShouldBe(expected);
    }

    [Fact]
    public void Fallback_NeverRetriesTheSameOrganizerOrAMissingDefault()
    {
        MeetingOrganizers.Fallback(MeetingFailure.OrganizerNotPermitted, "default-oid", "DEFAULT-OID").ShouldBeNull();
        MeetingOrganizers.Fallback(MeetingFailure.OrganizerNotPermitted, "agent-oid", null).ShouldBeNull();
    }
}
