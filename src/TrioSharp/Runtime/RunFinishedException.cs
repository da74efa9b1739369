namespace TrioSharp;

/// <summary>
/// Raised when work is submitted through a <see cref="TrioToken"/> to a run that has finished (or whose main function
/// has exited, so it is shutting down): the loop will never run it.
/// </summary>
public sealed class RunFinishedException : InvalidOperationException
{
    /// <summary>Creates the exception with the default message.</summary>
    public RunFinishedException()
        : base("The TrioSharp run this token belongs to has finished (or its main function has exited and it is shutting "
            + "down): it accepts no more work. Keep the loop running while other threads submit to it, or check "
            + "TrioToken.IsRunFinished.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What happened.</param>
    public RunFinishedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public RunFinishedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static RunFinishedException Create() => new();
}
