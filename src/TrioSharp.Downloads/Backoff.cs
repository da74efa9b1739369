namespace TrioSharp.Downloads;

/// <summary>How long to wait before the next attempt.</summary>
/// <remarks>
/// Hand-written rather than Polly's retry strategy: Polly waits with <c>Task.Delay</c> on a <see cref="TimeProvider"/>,
/// which the loop counts as outside work (so a virtual clock never jumps through a back-off), resumes off the loop
/// unless every context asks otherwise, and cancels by token rather than by cancel scope. Here the wait is a plain
/// <see cref="Trio.Sleep(TimeSpan)"/> between attempts that share the <c>.part</c> file's state.
/// </remarks>
internal static class Backoff
{
    /// <summary>
    /// Exponential back-off with "equal jitter" (half fixed, half random, so retries of many files spread out but
    /// never come back at once), or the server's <c>Retry-After</c> when that is longer.
    /// </summary>
    /// <param name="options">Base and maximum delay, and the jitter source.</param>
    /// <param name="attempt">How many attempts in a row have now failed without progress, from 1.</param>
    /// <param name="retryAfter">What the server asked for, if anything.</param>
    public static TimeSpan Delay(DownloadOptions options, int attempt, TimeSpan? retryAfter)
    {
        var exponential = options.BaseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, options.MaxDelay.Ticks);
        var backoff = TimeSpan.FromTicks((long)(capped * (0.5 + (0.5 * options.Jitter.NextDouble()))));
        return retryAfter is { } wait && wait > backoff ? wait : backoff;
    }

    /// <summary>The wait a response's <c>Retry-After</c> asks for (seconds or an HTTP date), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - (response.Headers.Date ?? now),
            _ => null,
        };
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>Whether a status code may succeed on another attempt: 408, 429 and 5xx.</summary>
    public static bool IsRetriable(int status) => status is 408 or 429 or >= 500;
}
