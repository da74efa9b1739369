using System.Collections.Immutable;

namespace TrioSharp.Analyzers;

/// <summary>
/// Which rewrite fixes a diagnostic, passed from the analyzer (which has the semantic facts) to the code fix in the
/// diagnostic's properties; a diagnostic without the property has no automatic fix.
/// </summary>
public static class FixKinds
{
    /// <summary>The diagnostic property that holds the fix kind.</summary>
    public const string Property = "TrioFix";

    /// <summary>Replace the blocking or unawaited expression by an await of its task.</summary>
    public const string Await = "Await";

    /// <summary>Replace <c>Task.WaitAll(tasks)</c> by <c>await Task.WhenAll(tasks)</c>.</summary>
    public const string WhenAll = "WhenAll";

    /// <summary>Replace the call by <c>await Trio.Sleep(duration)</c>, its argument a <c>TimeSpan</c>.</summary>
    public const string Sleep = "Sleep";

    /// <summary>As <see cref="Sleep"/>, its argument a number of milliseconds.</summary>
    public const string SleepMilliseconds = "SleepMilliseconds";

    /// <summary>Pass <c>Trio.CurrentClock</c> as the <c>TimeProvider</c>, after the first (<c>TimeSpan</c>) argument.</summary>
    public const string Clock = "Clock";

    /// <summary>Make an async void method or local function return <c>Task</c>.</summary>
    public const string ReturnTask = "ReturnTask";

    /// <summary>The properties of a diagnostic fixed by <paramref name="kind"/>.</summary>
    internal static ImmutableDictionary<string, string?> For(string kind) =>
        ImmutableDictionary<string, string?>.Empty.Add(Property, kind);
}
