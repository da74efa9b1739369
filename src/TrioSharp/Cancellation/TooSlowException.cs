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
    public TooSlowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public TooSlowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
