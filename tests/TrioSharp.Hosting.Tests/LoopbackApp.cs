using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TrioSharp.Hosting.Tests;

/// <summary>A web app on real Kestrel, listening on 127.0.0.1 on a port the OS picked, with a client for it.</summary>
internal sealed class LoopbackApp : IAsyncDisposable
{
    private LoopbackApp(WebApplication app, RecordingLoggerProvider logs)
    {
        App = app;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseAddress = new Uri(address);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
    }

    internal WebApplication App { get; }

    internal Uri BaseAddress { get; }

    internal HttpClient Client { get; }

    /// <summary>What the app logged at Information or above (nothing for an app built elsewhere).</summary>
    internal RecordingLoggerProvider Logs { get; }

    /// <summary>Builds an app with <paramref name="configure"/>'s services, maps <paramref name="map"/>'s endpoints and starts it.</summary>
    internal static async Task<LoopbackApp> StartAsync(Action<WebApplicationBuilder> configure, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var logs = new RecordingLoggerProvider();
        builder.Logging.AddProvider(logs);

        // Generous: a test that stops the host asserts on events, never on this time-out.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMinutes(1));
        configure(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new LoopbackApp(app, logs);
    }

    /// <summary>Starts an app built elsewhere (a sample) that listens on 127.0.0.1:0.</summary>
    internal static async Task<LoopbackApp> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        return new LoopbackApp(app, new RecordingLoggerProvider());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
