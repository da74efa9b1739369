namespace TrioSharp.Cli.Seeds;

/// <summary>A failure the user can fix (a server that cannot be reached, a directory that cannot be written); printed as one line, no stack trace.</summary>
internal sealed class SeedException : Exception
{
    public SeedException(string message)
        : base(message)
    {
    }

    public SeedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SeedException()
    {
    }
}
