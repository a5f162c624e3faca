using Handoff.Application.Common.Messaging;

namespace Handoff.Application.UnitTests.Messaging;

public sealed class MessageTextTests
{
    [Fact]
    public void Fill_WhenAValueLooksLikeAPlaceholder_LeavesItAsWritten()
    {
        var text = MessageText.Fill("{user} asked: {reason}", ("user", "{reason}"), ("reason", "my knee"));

        text.ShouldBe("{reason} asked: my knee");
    }

    [Fact]
    public void Fill_WithAnUnknownOrUnclosedPlaceholder_KeepsItVerbatim()
    {
        MessageText.Fill("{who} waits {n} min {", ("n", 3)).ShouldBe("{who} waits 3 min {");
    }
}
