using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TrioSharp.Hosting;

namespace TrioSharp.Samples.Worker;

/// <summary>Configures the worker: the shared loop, then the monitor that runs on it.</summary>
internal static class WorkerApp
{
    /// <summary>A host builder from command-line arguments (e.g. <c>--Monitor:Urls:0 https://example.org</c>).</summary>
    internal static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.Configure<MonitorOptions>(builder.Configuration.GetSection("Monitor"));
        builder.Services.AddSingleton(new HttpClient());
        builder.Services.AddSingleton<MonitorResults>();

        // The loop first: the host stops services in reverse order, so the monitor is stopped before its loop.
        builder.Services.AddTrio();
        builder.Services.AddHostedService<UrlMonitorService>();
        return builder;
    }
}
