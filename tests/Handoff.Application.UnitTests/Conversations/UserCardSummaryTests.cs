using Handoff.Application.Common.Messaging;
using Handoff.Application.Conversations.RelayMessage;

namespace Handoff.Application.UnitTests.Conversations;

public sealed class UserCardSummaryTests
{
    [Fact]
    public void Cards_BecomePlainSummaries_FilesStay()
    {
        var file = new InboundAttachment("image/png", "https://handoff.example/v3/directline/attachments/abc", "photo.png");
        var adaptive = new InboundAttachment(
            "application/vnd.microsoft.card.adaptive",
            null,
            null,
            """{"type":"AdaptiveCard","body":[{"type":"Container","body":[]},{"type":"TextBlock","text":"**Pay** at <b>here</b>"}],"actions":[{"type":"Action.OpenUrl","url":"https://evil.example"}]}""");
        var empty = new InboundAttachment("application/vnd.microsoft.card.thumbnail", null, null, null);

        var (kept, summaries) = UserCardSummary.Split([file, adaptive, empty]);

        kept.ShouldBe([file]);
        summaries.ShouldBe(["[a adaptive card: Pay at b here b]", "[a thumbnail card]"]);
    }

    [Fact]
    public void Summary_OfAHugeCard_IsBounded()
    {
        var card = new InboundAttachment("application/vnd.microsoft.card.hero", null, null, $$"""{"title":"{{new string('x', 5000)}}"}""");

        var (_, summaries) = UserCardSummary.Split([card]);

        summaries.Single().Length.ShouldBeLessThan(250);
    }
}
