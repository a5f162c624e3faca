using Handoff.Domain.Common;
using Handoff.Domain.Conversations;

namespace Handoff.Application.Conversations.HandleIncomingMessage;

/// <summary>What any channel must hand over: an address, a sender, and text within the transcript's limits.</summary>
public sealed class HandleIncomingMessageCommandValidator : AbstractValidator<HandleIncomingMessageCommand>
{
    public HandleIncomingMessageCommandValidator()
    {
        RuleFor(c => c.Address).NotNull();
        RuleFor(c => c.Address.ChannelId).NotEmpty().MaximumLength(64);
        RuleFor(c => c.Address.ConversationId).NotEmpty().MaximumLength(ChannelAddress.MaxIdLength);
        RuleFor(c => c.Address.UserId).NotEmpty().MaximumLength(ChannelAddress.MaxIdLength);
        RuleFor(c => c.From.Id).NotEmpty().MaximumLength(ChannelAddress.MaxIdLength);
        RuleFor(c => c.Text).MaximumLength(TranscriptEntry.MaxTextLength);
        RuleFor(c => c.ValueJson).MaximumLength(TranscriptEntry.MaxTextLength);
        RuleFor(c => c.Attachments).NotNull();
        RuleFor(c => c.ActivityId).MaximumLength(ChannelAddress.MaxIdLength);
        RuleFor(c => c.Locale).MaximumLength(LocaleTag.MaxLength)
            .Must(locale => locale is null || LocaleTag.IsValid(locale)).WithMessage("Locale must be a language tag such as 'de-DE'.");
    }
}
