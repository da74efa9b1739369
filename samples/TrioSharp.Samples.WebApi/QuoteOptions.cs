namespace TrioSharp.Samples.WebApi;

/// <summary>Where <c>/quote</c> asks for prices, and how long it waits.</summary>
internal sealed class QuoteOptions
{
    /// <summary>The three backends' URLs; empty means this app's own simulated backends (<c>/backends/…</c>).</summary>
    public List<Uri> Backends { get; } = [];

    /// <summary>The per-request deadline in milliseconds, after which the answers received so far are returned.</summary>
    public int DeadlineMs { get; set; } = 500;
}
