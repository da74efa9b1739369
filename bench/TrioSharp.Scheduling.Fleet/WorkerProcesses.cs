using System.Diagnostics;

namespace TrioSharp.Scheduling.Fleet;

/// <summary>Starts worker processes and waits for each to print its ready line.</summary>
internal static class WorkerProcesses
{
    public static async Task<List<Process>> StartAsync(int count, Func<int, string[]> arguments, string readyPrefix)
    {
        var started = new List<Process>();
        var ready = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in arguments(i))
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start)!;
            var signalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.StartsWith(readyPrefix, StringComparison.Ordinal) == true)
                {
                    signalled.TrySetResult();
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    Console.Error.WriteLine($"  worker {i}: {e.Data}");
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            started.Add(process);
            ready.Add(signalled.Task);
        }

        await Task.WhenAll(ready).WaitAsync(TimeSpan.FromMinutes(2));
        return started;
    }

    public static async Task StopAsync(List<Process> processes)
    {
        foreach (var process in processes)
        {
            process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}
