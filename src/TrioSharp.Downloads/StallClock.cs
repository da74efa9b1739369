namespace TrioSharp.Downloads;

/// <summary>When a transfer last re-armed its stall time-out (loop time), shared between its read loop and its pacing.</summary>
internal sealed class StallClock
{
    /// <summary>The loop time of the last re-arm.</summary>
    public TimeSpan ArmedAt { get; set; } = Trio.CurrentTime;
}
