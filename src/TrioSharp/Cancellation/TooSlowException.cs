namespace TrioSharp;

/// <summary>
/// Raised by <see cref="Trio.FailAfter(TimeSpan, Func{Task}, bool)"/> and <see cref="Trio.FailAt(TimeSpan, Func{Task}, bool)"/>
/// when their deadline cancelled the body.
/// </summary>
public sealed class TooSlowException : TimeoutException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TooSlowException()
        : base("The operation did not finish before its deadline.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message that explains the error.</param>
    public TooSlowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">The message that explains the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TooSlowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
