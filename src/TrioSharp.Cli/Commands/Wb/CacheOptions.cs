using System.CommandLine;
using System.Globalization;
using TrioSharp.WorldBank;

namespace TrioSharp.Cli.Commands;

/// <summary>The cache options shared by <c>gdp</c> and <c>wb data</c>: <c>--max-age</c>, <c>--refresh</c>, <c>--cache-only</c>.</summary>
internal sealed class CacheOptions
{
    private readonly Option<TimeSpan> _maxAge = new("--max-age")
    {
        Description = "How old a cached answer may be and still be used: 90s, 30m, 12h, 7d (default 1d).",
        DefaultValueFactory = _ => TimeSpan.FromDays(1),
        CustomParser = ParseAge,
    };

    private readonly Option<bool> _refresh = new("--refresh") { Description = "Fetch everything again and update the cache." };
    private readonly Option<bool> _cacheOnly = new("--cache-only") { Description = "Answer from the cache alone, whatever its age, sending no request; fails naming what is missing." };

    /// <summary>Adds the options to <paramref name="command"/>, refusing them with the options they contradict.</summary>
    /// <param name="command">The command.</param>
    /// <param name="noCache">The command's <c>--no-cache</c>, which <c>--cache-only</c> contradicts.</param>
    /// <param name="offline">The command's <c>--offline</c> (the embedded mirror, with no cache), which <c>--cache-only</c> contradicts.</param>
    public CacheOptions(Command command, Option<bool> noCache, Option<bool> offline)
    {
        command.Options.Add(_maxAge);
        command.Options.Add(_refresh);
        command.Options.Add(_cacheOnly);
        OptionConflicts.Exclusive(command, _refresh, _cacheOnly);
        OptionConflicts.Exclusive(command, _cacheOnly, noCache);
        OptionConflicts.Exclusive(command, _cacheOnly, offline);
    }

    /// <summary>The maximum age and the policy the options ask for.</summary>
    public (TimeSpan MaxAge, WorldBankCachePolicy Policy) Read(ParseResult result) => (
        result.GetValue(_maxAge),
        result.GetValue(_cacheOnly) ? WorldBankCachePolicy.CacheOnly : result.GetValue(_refresh) ? WorldBankCachePolicy.Refresh : WorldBankCachePolicy.UseFresh);

    private static TimeSpan ParseAge(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        var unit = text.Length > 0 ? text[^1] : ' ';
        var number = char.IsAsciiLetter(unit) ? text[..^1] : text;
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value <= 36500)
        {
            switch (char.IsAsciiLetter(unit) ? unit : 's')
            {
                case 's': return TimeSpan.FromSeconds(value);
                case 'm': return TimeSpan.FromMinutes(value);
                case 'h': return TimeSpan.FromHours(value);
                case 'd': return TimeSpan.FromDays(value);
            }
        }

        result.AddError($"--max-age '{text}' is not an age; allowed: a number with s, m, h or d, such as 90s, 30m, 12h or 7d.");
        return TimeSpan.Zero;
    }
}
