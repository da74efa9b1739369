using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrioSharp.Hosting;

namespace TrioSharp.HostingLoad;

/// <summary>
/// The server under load: three handlers doing the same work (three concurrent 200 ms waits) and a thread-pool sampler.
/// Prints its address on the first line of standard output.
/// </summary>
internal static class LoadServer
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(200);
    private static int s_maxThreads;

    internal static async Task RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddTrio();
        var app = builder.Build();

        app.MapGet("/plain", async () =>
        {
            await Task.WhenAll(Task.Delay(Wait), Task.Delay(Wait), Task.Delay(Wait));
            return "ok";
        });
        app.MapGet("/per-request", async (HttpContext context) =>
        {
            await Trio.RunAsync(ThreeSleeps, new TrioRunOptions { Cancellation = context.RequestAborted });
            return "ok";
        });
        app.MapGet("/shared", async (HttpContext context, TrioLoop loop) =>
        {
            await loop.RunAsync(ThreeSleeps, context.RequestAborted);
            return "ok";
        });

        // The most thread-pool threads seen since the last reset, and now.
        app.MapGet("/threads", () => $"{Volatile.Read(ref s_maxThreads)} {ThreadPool.ThreadCount}");
        app.MapPost("/threads/reset", () => Volatile.Write(ref s_maxThreads, ThreadPool.ThreadCount));

        var sampler = new Thread(Sample) { IsBackground = true, Name = "thread-pool sampler" };
        sampler.Start();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Console.WriteLine(address);

        // Runs until the driver closes standard input.
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
    }

    private static Task ThreeSleeps() => Nursery.RunAsync(nursery =>
    {
        for (var i = 0; i < 3; i++)
        {
            nursery.StartSoon(async () => await Trio.Sleep(Wait));
        }

        return Task.CompletedTask;
    });

    private static void Sample()
    {
        while (true)
        {
            var count = ThreadPool.ThreadCount;
            var max = Volatile.Read(ref s_maxThreads);
            if (count > max)
            {
                Interlocked.CompareExchange(ref s_maxThreads, count, max);
            }

            Thread.Sleep(5);
        }
    }
}
