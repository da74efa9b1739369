using System.CommandLine;
using TrioSharp.Cli;
using TrioSharp.Cli.Commands;

const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (args is ["download", ..])
{
    if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
    {
        // Where the loop cannot wait for its sockets itself (SocketReadiness: Linux only), the runtime's socket engine
        // then runs HttpClient's continuation on its own thread instead of handing every completion to a thread-pool
        // worker first; the download code itself still runs on the TrioSharp loop (its awaits resume on the loop's
        // context), so nothing slow runs on that thread. One thread hop less per I/O completion measured 15-20% less
        // CPU on 2,000 small files (docs/benchmarks.md). The variable is read once, when the first socket is made:
        // setting it here, before any, is what makes it apply.
        Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
    }

    RuntimeThreads.StartInBackground();
}

#if TRIOSHARP_DOWNLOAD_IMAGE
// This image runs downloads and prints its version; the complete one beside it runs the rest (the project file says
// why). The hand-off comes before anything touches the console: the complete image sets the terminal up itself.
if (args is not (["download", ..] or ["--version"]))
{
    new CliConsole(Console.Out, Console.Error).Error(CompleteImage.Exec(args));
    return ExitCode.SomeFailed;
}
#endif

return await TriosharpCommand.InvokeAsync(args, new CliConsole(
    Console.Out, Console.Error, Console.In, !Console.IsOutputRedirected, CliConsole.ColorsFor(Environment.GetEnvironmentVariable("NO_COLOR"))));
