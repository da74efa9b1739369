namespace TrioSharp;

/// <summary>Settings for one <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/>.</summary>
public sealed class TrioRunOptions
{
    /// <summary>The loop's clock; a new <see cref="SystemClock"/> when null. A clock drives one run at a time.</summary>
    public TrioClock? Clock { get; init; }
}
