namespace TrioSharp.Samples.Worker;

/// <summary>The latest status of every URL. Written and read on the shared loop only, so it needs no lock.</summary>
internal sealed class MonitorResults
{
    private readonly Dictionary<Uri, UrlStatus> _latest = [];

    /// <summary>A copy of the latest statuses, ordered by URL.</summary>
    internal IReadOnlyList<UrlStatus> Snapshot() => [.. _latest.Values.OrderBy(s => s.Url.ToString(), StringComparer.Ordinal)];

    internal UrlStatus Record(Uri url, string status)
    {
        var checks = _latest.TryGetValue(url, out var previous) ? previous.Checks + 1 : 1;
        return _latest[url] = new UrlStatus(url, status, checks);
    }
}
