using System.Text.RegularExpressions;

namespace Handoff.Domain.Common;

/// <summary>
/// A BCP-47-looking language tag as channels send it in an activity's <c>locale</c> (<c>de-DE</c>, <c>en</c>,
/// <c>zh-Hant-TW</c>): letters and digits in dash-separated parts, the first part a language of 2 to 8 letters.
/// </summary>
public static partial class LocaleTag
{
    /// <summary>Long enough for any real tag with a script and a region; anything longer is not a locale.</summary>
    public const int MaxLength = 35;

    public static bool IsValid(string? tag) => tag is { Length: > 0 and <= MaxLength } && Shape().IsMatch(tag);

    /// <summary>The language part of a tag (<c>de</c> for <c>de-DE</c>).</summary>
    public static string Language(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? tag : tag[..dash];
    }

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
