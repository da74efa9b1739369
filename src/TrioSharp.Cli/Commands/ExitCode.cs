namespace TrioSharp.Cli.Commands;

/// <summary>The exit codes every <c>triosharp</c> command uses (docs/cli.md).</summary>
internal static class ExitCode
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = 0;

    /// <summary>The input was fine but some of the work failed (a download, a request, a file that could not be written).</summary>
    public const int SomeFailed = 1;

    /// <summary>Bad input, parser errors included: nothing was done.</summary>
    public const int BadInput = 2;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (128 + SIGTERM).</summary>
    public const int Terminated = 143;
}
