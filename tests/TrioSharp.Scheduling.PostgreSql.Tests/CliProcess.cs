using System.Diagnostics;

namespace TrioSharp.Scheduling.PostgreSql.Tests;

/// <summary>Runs one <c>triosharp scheduler ...</c> command as a separate process (another process than the worker's and the test's).</summary>
internal static class CliProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(DurableScheduler scheduler, params string[] args)
    {
        using var process = Process.Start(StartInfo([.. args, "--db", TestDatabase.ConnectionString, "--schema", scheduler.Options.Schema]))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(Eventually.Bound);
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>How to start <c>triosharp scheduler ARGS</c> (the built TrioSharp.Cli.dll beside the tests) with its output captured.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "TrioSharp.Cli.dll"), "scheduler", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
