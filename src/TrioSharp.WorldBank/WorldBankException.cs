namespace TrioSharp.WorldBank;

/// <summary>
/// The World Bank API (or what stands at its address) could not give a usable answer: the server cannot be
/// reached, kept failing after the retries, answered HTML or XML where JSON was expected, or answered JSON
/// that is not the API's <c>[meta, rows]</c> shape. The message names the URL and the problem.
/// </summary>
public class WorldBankException : Exception
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public WorldBankException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure behind it.</summary>
    public WorldBankException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message, the request's URL and the failure behind it.</summary>
    public WorldBankException(string message, Uri? url, Exception? innerException = null)
        : base(message, innerException) => Url = url;

    /// <summary>Creates the exception with a default message.</summary>
    public WorldBankException()
    {
    }

    /// <summary>The request that failed, when one did.</summary>
    public Uri? Url { get; }

    /// <summary>Whether the server answered at all (false when it could not be reached).</summary>
    public bool ServerAnswered { get; init; } = true;

    /// <summary>
    /// Whether the server answered, but not as the World Bank API does: HTML or XML, JSON of another shape, or an
    /// HTTP error that retrying cannot cure (such as 404). Usually the address is not the API's root.
    /// </summary>
    public bool UnexpectedAnswer { get; init; }
}
