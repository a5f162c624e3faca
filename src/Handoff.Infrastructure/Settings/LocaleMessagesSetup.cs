using Handoff.Application.Common.Settings;
using Handoff.Domain.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Handoff.Infrastructure.Settings;

/// <summary>
/// Reads the per-locale overrides of the words catalogue: every <c>Handoff:Messages:&lt;locale&gt;</c> section whose name
/// is a language tag (<c>de-DE</c>, <c>de</c>) holds text names (and <c>Errors:&lt;code&gt;</c>) with that locale's words.
/// The binder skips those sections (no property has such a name), so they are read here, on every options reload.
/// </summary>
internal sealed class LocaleMessagesSetup(IConfiguration configuration) : IPostConfigureOptions<HandoffOptions>
{
    private const string ErrorsSection = "Errors";

    public void PostConfigure(string? name, HandoffOptions options)
    {
        var overrides = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var locale in configuration.GetSection(HandoffOptions.SectionName).GetSection(nameof(HandoffOptions.Messages)).GetChildren())
        {
            if (!LocaleTag.IsValid(locale.Key) || locale.Key.Equals(ErrorsSection, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var words = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in locale.GetChildren())
            {
                if (entry.Key.Equals(ErrorsSection, StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var error in entry.GetChildren().Where(e => e.Value is not null))
                    {
                        words[$"{ErrorsSection}:{error.Key}"] = error.Value!;
                    }
                }
                else if (entry.Value is not null)
                {
                    words[entry.Key] = entry.Value;
                }
            }

            if (words.Count > 0)
            {
                overrides[locale.Key] = words;
            }
        }

        options.Messages.UseLocaleOverrides(overrides);
    }
}
