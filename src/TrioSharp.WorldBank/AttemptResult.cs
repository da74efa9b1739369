namespace TrioSharp.WorldBank;

/// <summary>How one try of a request ended.</summary>
/// <param name="Body">The body, when the server answered 2xx with a whole body.</param>
/// <param name="MediaType">The body's media type.</param>
/// <param name="Failure">What went wrong, otherwise.</param>
/// <param name="Transient">Whether trying again may help (time-outs, 5xx, 429, cut connections).</param>
/// <param name="RetryAfter">How long the server asked the client to wait, if it did.</param>
internal readonly record struct AttemptResult(byte[]? Body, string? MediaType, WorldBankException? Failure, bool Transient, TimeSpan? RetryAfter)
{
    public static AttemptResult Success(byte[] body, string? mediaType) => new(body, mediaType, null, false, null);

    public static AttemptResult Retry(WorldBankException failure, TimeSpan? retryAfter = null) => new(null, null, failure, true, retryAfter);

    public static AttemptResult Fail(WorldBankException failure) => new(null, null, failure, false, null);
}
