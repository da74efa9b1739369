using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace TrioSharp.Cli.Commands;

/// <summary>
/// Turns what the parser found wrong into the one line the convention prints (docs/cli.md): unknown options are
/// named with the nearest known one, and values that are not numbers say what was expected.
/// </summary>
internal static partial class ParseProblem
{
    /// <summary>The one-line problem of <paramref name="parse"/>, or null when it may run (help and version included).</summary>
    public static string? Describe(ParseResult parse)
    {
        if (parse.Action is HelpAction)
        {
            return null;
        }

        var command = parse.CommandResult.Command;
        if (UnknownOption(parse) is { } unknown)
        {
            return $"unknown option {unknown}; did you mean {Nearest(unknown, OptionNames(parse.CommandResult))}?";
        }

        if (parse.UnmatchedTokens is [var extra, ..])
        {
            return command.Subcommands.Count > 0
                ? $"unknown command '{extra}'; did you mean {Nearest(extra, command.Subcommands.Select(c => c.Name))}?"
                : $"unexpected argument '{extra}'.";
        }

        if (parse.Errors is not [var error, ..])
        {
            return null;
        }

        if (error.SymbolResult is OptionResult { Tokens: [var value, ..] } option && error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            return $"{option.IdentifierToken?.Value ?? option.Option.Name} '{value.Value}' is not {Expected(option.Option.ValueType)}.";
        }

        // The parser's own messages are one sentence each (a required argument missing, a value not among the choices),
        // some with tabs and line breaks between the choices.
        return WhiteSpace().Replace(error.Message, " ");
    }

    /// <summary>The hint printed under a bad-input error: where the options of the command are listed.</summary>
    public static string HelpHint(ParseResult parse)
    {
        var path = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult c; result = c.Parent)
        {
            path.Insert(0, c.Command.Name);
        }

        return $"See '{string.Join(' ', path)} --help' for the options.";
    }

    /// <summary>
    /// A token that looks like an option but is none: either left unmatched, or taken by a command's argument (the
    /// URLs of <c>download</c>, the task of <c>seed</c>) or by an option of several values (<c>gdp -c ABW --bogus</c>),
    /// unless it follows <c>--</c>. Negative numbers are values.
    /// </summary>
    private static string? UnknownOption(ParseResult parse)
    {
        var endOfOptions = parse.Tokens.ToList().FindIndex(t => t.Type == TokenType.DoubleDash);
        bool LooksLikeOption(Token token) => token.Value.Length > 1 && token.Value[0] == '-' && !double.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out _);
        bool BeforeEndOfOptions(Token token) => endOfOptions < 0 || parse.Tokens.ToList().FindIndex(t => ReferenceEquals(t, token)) < endOfOptions;
        return parse.UnmatchedTokens.FirstOrDefault(t => t.Length > 1 && t[0] == '-')
            ?? parse.CommandResult.Children
                .Where(r => r is ArgumentResult || (r is OptionResult o && o.Option.Arity.MaximumNumberOfValues > 1))
                .SelectMany(r => r.Tokens)
                .FirstOrDefault(t => LooksLikeOption(t) && BeforeEndOfOptions(t))?.Value;
    }

    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        var own = result.Command.Options;
        var inherited = result.Parent is CommandResult parent ? parent.Command.Options.Where(o => o.Recursive) : [];
        return own.Concat(inherited).Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
    }

    private static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => "a whole number (up to 2147483647)",
        var t when t == typeof(long) => "a whole number",
        var t when t == typeof(double) => "a number",
        var t => $"a {t.Name}",
    };

    /// <summary>The candidate with the fewest single-character edits from <paramref name="typed"/>.</summary>
    private static string Nearest(string typed, IEnumerable<string> candidates) =>
        candidates.Distinct().OrderBy(c => Distance(typed, c)).ThenBy(c => c, StringComparer.Ordinal).FirstOrDefault() ?? "--help";

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
