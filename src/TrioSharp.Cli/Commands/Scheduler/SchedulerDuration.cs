using System.CommandLine;
using System.Globalization;

namespace TrioSharp.Cli.Commands;

/// <summary>Duration options of the scheduler commands: <c>500ms</c>, <c>2s</c>, <c>1.5m</c>, <c>1h</c>.</summary>
internal static class SchedulerDuration
{
    public static Option<TimeSpan> Option(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (TryParse(text) is { } duration)
            {
                return duration;
            }

            result.AddError($"{name} '{text}' is not a duration; allowed: a positive number with ms, s, m or h (500ms, 2s, 1.5m).");
            return default;
        },
    };

    /// <summary>The duration <paramref name="text"/> names, or null.</summary>
    public static TimeSpan? TryParse(string text)
    {
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                && value >= 0)
            {
                return TimeSpan.FromSeconds(value * seconds);
            }
        }

        return null;
    }
}
