using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TrioSharp.Hosting.Tests.SharedLoop;

/// <summary>The shared loop's time on the real clock: work submitted after the loop idled must see the current time.</summary>
public sealed class LoopTimeTests
{
    // Lower bounds only: real time can only make these waits longer, never make the assertions race.
    [Fact]
    public async Task RunAsync_SubmittedAfterTheLoopIdled_SleepLastsItsFullDuration()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddTrio();
        using var host = builder.Build();
        await host.StartAsync();
        var loop = host.Services.GetRequiredService<TrioLoop>();
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        var slept = await loop.RunAsync(async () =>
        {
            var real = Stopwatch.StartNew();
            await Trio.Sleep(TimeSpan.FromMilliseconds(200));
            return real.Elapsed;
        });
        await host.StopAsync();

        Assert.True(slept >= TimeSpan.FromMilliseconds(150), $"Trio.Sleep(200 ms) returned after {slept.TotalMilliseconds:F1} ms of real time.");
    }
}
