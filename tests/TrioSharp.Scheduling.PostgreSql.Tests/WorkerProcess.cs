using System.Diagnostics;

namespace TrioSharp.Scheduling.PostgreSql.Tests;

/// <summary>A real worker process: the built <c>triosharp scheduler worker</c>, started on a test's schema.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private WorkerProcess(Process process) => _process = process;

    public string Name { get; private init; } = "";

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts a worker and waits until it listens for notifications.</summary>
    public static async Task<WorkerProcess> StartAsync(DurableScheduler scheduler, string name, params string[] extra)
    {
        var start = CliProcess.StartInfo([
            "worker", "--db", TestDatabase.ConnectionString, "--schema", scheduler.Options.Schema,
            "--levels", scheduler.Options.Levels.ToString(System.Globalization.CultureInfo.InvariantCulture), "--name", name, .. extra]);
        var worker = new WorkerProcess(Process.Start(start)!) { Name = name };
        worker._process.OutputDataReceived += (_, e) => worker.Record(e.Data, isOutput: true);
        worker._process.ErrorDataReceived += (_, e) => worker.Record(e.Data, isOutput: false);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        var ready = await Task.WhenAny(worker._listening.Task, worker._process.WaitForExitAsync(), Task.Delay(Eventually.Bound));
        if (ready != worker._listening.Task)
        {
            throw new InvalidOperationException($"Worker {name} did not start listening:\n{worker.Output}");
        }

        return worker;
    }

    /// <summary>SIGKILL: the process dies at once, holding whatever it claimed.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM: a graceful shutdown; returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var bound = new CancellationTokenSource(Eventually.Bound);
        await _process.WaitForExitAsync(bound.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Record(string? line, bool isOutput)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (isOutput && line.StartsWith("worker listening", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
    }
}
