namespace TrioSharp.Downloads;

/// <summary>
/// One host's share of the downloads: a limiter for its concurrent transfers, and the time before which no new
/// request goes to it because it answered with <c>Retry-After</c>.
/// </summary>
internal sealed class HostGate(int maxPerHost)
{
    /// <summary>The host's slots.</summary>
    public CapacityLimiter Limiter { get; } = new(maxPerHost);

    /// <summary>Loop time before which requests to this host wait.</summary>
    public TimeSpan PausedUntil { get; private set; }

    /// <summary>Pauses the host until <paramref name="time"/> (never shortens a pause).</summary>
    public void PauseUntil(TimeSpan time)
    {
        if (time > PausedUntil)
        {
            PausedUntil = time;
        }
    }

    /// <summary>The key of a URL's host: scheme, host and port.</summary>
    public static string KeyOf(Uri url) => url.GetLeftPart(UriPartial.Authority);
}
