using System.Globalization;

namespace Handoff.Application.Common.Messaging;

/// <summary>Fills the {placeholders} of configured texts and words durations the way people read them.</summary>
public static class MessageText
{
    public static string Fill(string template, params (string Name, object? Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(template);
        var text = template;
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparison.Ordinal);
        }

        return text;
    }

    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromMinutes(1))
        {
            return "less than a minute";
        }

        if (duration < TimeSpan.FromHours(1))
        {
            var minutes = (int)Math.Round(duration.TotalMinutes);
            return minutes == 1 ? "1 minute" : $"{minutes} minutes";
        }

        var hours = Math.Round(duration.TotalHours, 1);
        return hours == 1 ? "1 hour" : $"{hours.ToString(CultureInfo.InvariantCulture)} hours";
    }

    /// <summary>Short form for lists and cards: "45 s", "3 min", "1 h 5 min".</summary>
    public static string Short(TimeSpan duration) =>
        duration < TimeSpan.FromMinutes(1) ? $"{(int)duration.TotalSeconds} s"
        : duration < TimeSpan.FromHours(1) ? $"{(int)duration.TotalMinutes} min"
        : $"{(int)duration.TotalHours} h {duration.Minutes} min";
}
