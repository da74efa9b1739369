namespace TrioSharp;

/// <summary>Raised when the other side of a resource is gone: a send after every receive handle closed, or a lock whose owner exited holding it.</summary>
/// <remarks>Trio's <c>BrokenResourceError</c>. It is final: every later call on the resource raises it again.</remarks>
public sealed class BrokenResourceException : Exception
{
    /// <summary>Creates the exception with the default message.</summary>
    public BrokenResourceException()
        : base("The resource is broken: the party at the other end is gone, so this operation can never succeed.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message that explains the error.</param>
    public BrokenResourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the error that caused it.</summary>
    /// <param name="message">The message that explains the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public BrokenResourceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
