namespace TrioSharp;

/// <summary>
/// Raised by <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/> when every task is blocked on the library
/// and nothing can ever wake one: no deadline is pending and no outside work is running.
/// </summary>
/// <remarks>
/// Before raising it the loop cancels every task, so their <c>finally</c> blocks run. The message names each
/// task and what it waited for.
/// </remarks>
public sealed class DeadlockException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public DeadlockException()
        : base("Every task is blocked and nothing can wake any of them.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message that explains the error.</param>
    public DeadlockException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the entry point's own error, if any.</summary>
    /// <param name="message">The message that explains the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public DeadlockException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
