namespace TrioSharp.Cli.Commands;

/// <summary>Input to <c>triosharp gdp</c> that only the API's answers show to be wrong (an unknown country, too many countries); printed as one line.</summary>
internal sealed class GdpInputException : Exception
{
    public GdpInputException(string message)
        : base(message)
    {
    }

    public GdpInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GdpInputException()
    {
    }
}
