using Handoff.Domain.Conversations;
using Handoff.Domain.Privacy;

namespace Handoff.Domain.UnitTests.Privacy;

public sealed class ErasureRulesTests
{
    [Theory]
    [InlineData(ConversationState.Waiting)]
    [InlineData(ConversationState.Connected)]
    public void AConversationInUse_CannotBeErased(ConversationState state)
    {
        ErasureRules.IsInUse(state).ShouldBeTrue();
        ErasureRules.EnsureCanBeErased(state).Error.ShouldBe(ErasureRules.StillActive);
    }

    [Fact]
    public void AConversationBackWithTheBot_CanBeErased()
    {
        ErasureRules.IsInUse(ConversationState.Bot).ShouldBeFalse();
        ErasureRules.EnsureCanBeErased(ConversationState.Bot).IsSuccess.ShouldBeTrue();
    }
}
