using TrioSharp.LowLevel;

namespace TrioSharp.Tests.LowLevel;

/// <summary><see cref="TrioLowLevel.SpawnSystemTask"/>: services that outlive main, in the run's system scope.</summary>
public class SystemTaskTests
{
    [Fact]
    public void SpawnSystemTask_MainReturns_TaskRunsOnUntilCancelledByMainsExit()
    {
        var log = new List<string>();
        var result = VirtualTime.Run(async () =>
        {
            var service = TrioLowLevel.SpawnSystemTask(
                async () =>
                {
                    try
                    {
                        await Trio.SleepForever();
                    }
                    catch (Cancelled)
                    {
                        log.Add("service cancelled");
                        throw;
                    }
                },
                "service");
            Assert.Null(service.Parent);
            await Trio.Sleep(3);
            log.Add("main returns");
            return 42;
        });

        Assert.Equal(42, result);
        Assert.Equal(["main returns", "service cancelled"], log);
    }

    [Fact]
    public void SpawnSystemTask_ShieldedCleanupAfterMain_RunsToTheEndBeforeTheRunEnds()
    {
        var finishedAt = -1.0;
        VirtualTime.Run(() =>
        {
            TrioLowLevel.SpawnSystemTask(async () =>
            {
                try
                {
                    await Trio.SleepForever();
                }
                finally
                {
                    await new CancelScope(shield: true).RunAsync(async () =>
                    {
                        await Trio.Sleep(2);
                        finishedAt = VirtualTime.Now;
                    });
                }
            });
            return Task.CompletedTask;
        });

        Assert.Equal(2.0, finishedAt);
    }

    [Fact]
    public void SpawnSystemTask_TaskRaises_RunFailsWithItsException()
    {
        var failure = new InvalidOperationException("service broke");
        var error = Assert.Throws<InvalidOperationException>(() => VirtualTime.Run(async () =>
        {
            TrioLowLevel.SpawnSystemTask(() => throw failure, "broken");
            await Trio.SleepForever();
        }));

        Assert.Same(failure, error.InnerException);
        Assert.Contains("system task task 'broken'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SpawnSystemTask_OutsideARun_ThrowsInvalidOperation()
    {
        Assert.Throws<InvalidOperationException>(() => TrioLowLevel.SpawnSystemTask(() => Task.CompletedTask));
    }
}
