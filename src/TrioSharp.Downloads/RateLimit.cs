namespace TrioSharp.Downloads;

/// <summary>
/// The global byte rate of a downloader: a token bucket with no burst (in its "virtual scheduling" form), on the
/// loop's clock, shared by every transfer. Used on the loop's thread only.
/// </summary>
/// <remarks>
/// It keeps the loop time at which every byte taken so far has been paid for at the rate; a transfer that takes
/// bytes waits until then. So any mix of transfers together never goes faster than the rate, and on a virtual clock
/// the times are exact.
/// </remarks>
internal sealed class RateLimit(long bytesPerSecond)
{
    private TimeSpan _paidUntil;

    /// <summary>The most bytes one read should ask for: a tenth of a second's worth (at least 4 KiB), so the pace is smooth.</summary>
    public int ReadSize { get; } = (int)Math.Clamp(bytesPerSecond / 10, 4096, int.MaxValue);

    /// <summary>How long to wait, from now, before taking more after <paramref name="bytes"/> just received; books them.</summary>
    public TimeSpan Take(int bytes)
    {
        var now = Trio.CurrentTime;
        var from = _paidUntil > now ? _paidUntil : now;
        _paidUntil = from + TimeSpan.FromTicks((long)((decimal)bytes * TimeSpan.TicksPerSecond / bytesPerSecond));
        return _paidUntil - now;
    }
}
