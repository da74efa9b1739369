using TrioSharp.Mirror;

namespace TrioSharp.Cli.Commands;

/// <summary>Runs a command's work beside an embedded mirror when <c>--offline</c> asks for one.</summary>
internal static class EmbeddedMirror
{
    /// <summary>
    /// Starts a mirror if <paramref name="start"/>, runs <paramref name="work"/> with it (or null), prints a failure the
    /// user can fix as one line with exit code 1, and always stops the mirror.
    /// </summary>
    public static async Task<int> RunAsync(CliConsole console, bool start, Func<MirrorServer?, Task<int>> work, CancellationToken cancellation)
    {
        MirrorServer? mirror = null;
        try
        {
            if (start)
            {
                mirror = await MirrorServer.StartAsync(cancellationToken: cancellation);
            }

            return await work(mirror);
        }
        catch (Exception e) when (CliConsole.UserError(e) is { } message)
        {
            console.Error(message);
            return 1;
        }
        finally
        {
            if (mirror is not null)
            {
                await mirror.DisposeAsync();
            }
        }
    }
}
