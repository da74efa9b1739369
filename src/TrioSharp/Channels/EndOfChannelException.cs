namespace TrioSharp;

/// <summary>Raised by a receive once every send handle of the memory channel is closed and its buffer is drained.</summary>
/// <remarks>Trio's <c>EndOfChannel</c>: the normal end of a stream, not a failure. <c>await foreach</c> over a receive handle stops at it instead of raising it.</remarks>
public sealed class EndOfChannelException : Exception
{
    /// <summary>Creates the exception with the default message.</summary>
    public EndOfChannelException()
        : base("The channel has ended: every send handle was closed and every item sent has been received.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message that explains the error.</param>
    public EndOfChannelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the error that caused it.</summary>
    /// <param name="message">The message that explains the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public EndOfChannelException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
