using System.Diagnostics;
using System.Globalization;

namespace TrioSharp.HostingLoad;

/// <summary>The server, run as a child process of the driver (its own thread pool), and a client for it.</summary>
internal sealed class LoadServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private LoadServerProcess(Process process, Uri address)
    {
        _process = process;
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(2),
        };
    }

    internal HttpClient Http { get; }

    internal static async Task<LoadServerProcess> StartAsync()
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(LoadServerProcess).Assembly.Location);
        }

        start.ArgumentList.Add("server");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        var address = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The server printed no address.");
        return new LoadServerProcess(process, new Uri(address));
    }

    internal async Task<int> ThreadsNowAsync() => (await ReadThreadsAsync()).Now;

    internal async Task<int> MaxThreadsAsync() => (await ReadThreadsAsync()).Max;

    internal Task ResetThreadsAsync() => Http.PostAsync("/threads/reset", null);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();

        // The server stops when its standard input closes.
        _process.StandardInput.Close();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task<(int Max, int Now)> ReadThreadsAsync()
    {
        var parts = (await Http.GetStringAsync("/threads")).Split(' ');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
