using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace TrioSharp.Docs.Tests;

/// <summary>
/// Runs a documentation program that is a web application (it ends in <c>app.Run()</c>) on 127.0.0.1, as written.
/// The program's host is found the way ASP.NET Core's own test host finds a top-level program's: by the
/// <c>HostBuilt</c> event that <c>Microsoft.Extensions.Hosting</c> raises on its <see cref="DiagnosticListener"/>.
/// Disposing stops the application and waits for the program to return.
/// </summary>
internal sealed class WebExampleHost : IAsyncDisposable
{
    // Generous: a bound for a hung program, never a measurement.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly IHost _host;
    private readonly Task _program;

    private WebExampleHost(IHost host, Task program, Uri address)
    {
        _host = host;
        _program = program;
        Client = new HttpClient { BaseAddress = address };
    }

    /// <summary>A client whose base address is the running application's.</summary>
    public HttpClient Client { get; }

    /// <summary>Starts <paramref name="program"/> with <c>--urls http://127.0.0.1:0</c> and returns once it accepts requests.</summary>
    public static async Task<WebExampleHost> StartAsync(Func<string[], Task> program)
    {
        var built = new TaskCompletionSource<IHost>(TaskCreationOptions.RunContinuationsAsynchronously);
        var observer = new HostBuiltObserver(built);
        Task run;
        using (DiagnosticListener.AllListeners.Subscribe(observer))
        {
            // The program blocks in app.Run(), so it gets a thread of its own.
            run = Task.Factory.StartNew(() => program(["--urls", "http://127.0.0.1:0"]), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
            await Task.WhenAny(built.Task, run).WaitAsync(Patience);
        }

        observer.Dispose();
        if (!built.Task.IsCompleted)
        {
            await run;
            throw new InvalidOperationException("The program returned without building a host.");
        }

        var host = built.Task.Result;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => started.SetResult()))
        {
            await Task.WhenAny(started.Task, run).WaitAsync(Patience);
        }

        if (run.IsCompleted)
        {
            await run;
        }

        var addresses = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new WebExampleHost(host, run, new Uri(addresses.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await _program.WaitAsync(Patience);
    }

    /// <summary>Listens to the hosting listener for the first host built, and hands it over.</summary>
    private sealed class HostBuiltObserver(TaskCompletionSource<IHost> built) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<IDisposable> _subscriptions = [];

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.Extensions.Hosting")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value is { Key: "HostBuilt", Value: IHost host })
            {
                built.TrySetResult(host);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
