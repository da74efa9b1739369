namespace TrioSharp;

/// <summary>
/// When an HTTP request is worth another attempt and how long to wait first: the answers that may succeed later,
/// exponential back-off with "equal jitter", and the server's <c>Retry-After</c>.
/// </summary>
/// <remarks>
/// <para>
/// One source compiled into each library that retries (TrioSharp.Downloads, TrioSharp.WorldBank), so the rules live
/// once without becoming public API of the core. Each library keeps its own policy around them (how many attempts,
/// what counts as progress, the longest <c>Retry-After</c> it accepts).
/// </para>
/// <para>
/// Hand-written rather than Polly's retry strategy: Polly waits with <c>Task.Delay</c> on a <see cref="TimeProvider"/>,
/// which the loop counts as outside work (so a virtual clock never jumps through a back-off), resumes off the loop
/// unless every context asks otherwise, and cancels by token rather than by cancel scope. The libraries wait with a
/// plain <see cref="Trio.Sleep(TimeSpan)"/> between attempts.
/// </para>
/// </remarks>
internal static class RetryTiming
{
    /// <summary>Whether an HTTP status may succeed on another attempt: 408, 429 and 5xx.</summary>
    /// <param name="status">The status code.</param>
    /// <returns>True for a status worth retrying.</returns>
    public static bool IsRetriableStatus(int status) => status is 408 or 429 or >= 500;

    /// <summary>
    /// Exponential back-off with "equal jitter": half of <c>min(maxDelay, baseDelay × 2^(attempt-1))</c> fixed, half
    /// random, so retries of many requests spread out but never come back at once.
    /// </summary>
    /// <param name="baseDelay">The ceiling after the first failure.</param>
    /// <param name="maxDelay">The largest ceiling.</param>
    /// <param name="attempt">How many attempts in a row have now failed, from 1.</param>
    /// <param name="jitter">The source of the random half.</param>
    /// <returns>The wait before the next attempt.</returns>
    public static TimeSpan Backoff(TimeSpan baseDelay, TimeSpan maxDelay, int attempt, Random jitter)
    {
        var ceiling = Math.Min(baseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30)), maxDelay.Ticks);
        return TimeSpan.FromTicks((long)(ceiling * (0.5 + (0.5 * jitter.NextDouble()))));
    }

    /// <summary>The wait a response's <c>Retry-After</c> asks for, or null when it has none.</summary>
    /// <remarks>
    /// A number of seconds is taken as it is. A date is measured against the response's own <c>Date</c> (the server's
    /// clock against the server's clock, so clock skew between the machines does not matter), and against
    /// <paramref name="now"/> only when the server sent no <c>Date</c>. A date in the past is no wait.
    /// </remarks>
    /// <param name="response">The response.</param>
    /// <param name="now">This side's time, for a date when the server sent no <c>Date</c> (the loop's clock).</param>
    /// <returns>The wait, zero or more, or null.</returns>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        TimeSpan? wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - (response.Headers.Date ?? now),
            _ => null,
        };
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
