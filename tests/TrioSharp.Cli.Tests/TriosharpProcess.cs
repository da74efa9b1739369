using System.Diagnostics;
using System.Globalization;

namespace TrioSharp.Cli.Tests;

/// <summary>The built <c>triosharp</c> running as a process of its own, for tests that signal or kill it.</summary>
internal sealed class TriosharpProcess : IDisposable
{
    private readonly Process _process;

    private TriosharpProcess(Process process)
    {
        _process = process;
        Output = process.StandardOutput.ReadToEndAsync();
        Error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Everything it prints on standard output, once it has ended.</summary>
    public Task<string> Output { get; }

    /// <summary>Everything it prints on standard error, once it has ended.</summary>
    public Task<string> Error { get; }

    /// <summary>Whether it has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>triosharp args</c> with its output on pipes.</summary>
    public static TriosharpProcess Start(params string[] args) => Start(new Dictionary<string, string?>(), args);

    /// <summary>Starts <c>triosharp args</c> with <paramref name="environment"/> set (null removes a variable).</summary>
    public static TriosharpProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TrioSharp.Cli.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new TriosharpProcess(Process.Start(start)!);
    }

    /// <summary>Sends a signal by name (INT, TERM) with <c>kill</c>.</summary>
    public async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Ends it at once with SIGKILL: no handler runs, nothing is cleaned up.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Waits for it to end; returns its exit code (128 + the signal's number when a signal ended it).</summary>
    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Kills it if it is still running.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
