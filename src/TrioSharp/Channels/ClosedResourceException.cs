namespace TrioSharp;

/// <summary>Raised when a handle is used after it was closed (by this task or another), including a wait interrupted by that close.</summary>
/// <remarks>Trio's <c>ClosedResourceError</c>: a bug in the caller, which closed the handle it still uses. Other handles of the same resource (clones) are unaffected.</remarks>
public sealed class ClosedResourceException : Exception
{
    /// <summary>Creates the exception with the default message.</summary>
    public ClosedResourceException()
        : base("This handle was closed; it cannot be used any more.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message that explains the error.</param>
    public ClosedResourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the error that caused it.</summary>
    /// <param name="message">The message that explains the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ClosedResourceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
