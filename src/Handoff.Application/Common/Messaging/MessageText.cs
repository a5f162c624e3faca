using System.Globalization;

namespace Handoff.Application.Common.Messaging;

/// <summary>Fills the {placeholders} of configured texts and words durations the way people read them.</summary>
public static class MessageText
{
    public static string Fill(string template, params (string Name, object? Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(template);

        // One pass over the template: a value is never searched for placeholders, so a user named "{reason}" stays
        // "{reason}" instead of having another value filled into their name.
        var text = new System.Text.StringBuilder(template.Length);
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (close < 0)
            {
                text.Append(template, at, template.Length - at);
                break;
            }

            text.Append(template, at, open - at);
            var name = template.AsSpan(open + 1, close - open - 1);
            var found = false;
            foreach (var (candidate, value) in values)
            {
                if (name.SequenceEqual(candidate))
                {
                    text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                text.Append(template, open, close - open + 1);
            }

            at = close + 1;
        }

        return text.ToString();
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
