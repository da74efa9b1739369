using TrioSharp.LowLevel;

namespace TrioSharp.Tests.Diagnostics;

/// <summary><see cref="Trio.DumpTaskTree"/>: the whole tree of a hung program, as text.</summary>
public class TaskTreeDumpTests
{
    [Fact]
    public void DumpTaskTree_NestedProgram_ShowsNurseriesScopesDeadlinesAndWaits()
    {
        var dump = VirtualTime.Run(async () =>
        {
            var dump = "";
            TrioLowLevel.SpawnSystemTask(async () => await Trio.SleepForever(), "service");
            await Trio.Sleep(1);
            await Nursery.RunAsync(async outer =>
            {
                outer.StartSoon(
                    async () => await CancelScope.WithTimeout(TimeSpan.FromSeconds(10)).RunAsync(async () => await Trio.SleepForever()),
                    "worker");
                outer.StartSoon(
                    async () =>
                    {
                        await Trio.WaitAllTasksBlocked();
                        dump = Trio.DumpTaskTree();
                        outer.CancelScope.Cancel();
                    },
                    "dumper");
                await new CancelScope(shield: true).RunAsync(async shielded =>
                    await Trio.MoveOnAfter(5, async () =>
                        await Nursery.RunAsync(inner =>
                        {
                            inner.StartSoon(async () => await new TrioEvent().WaitAsync(), "reader");
                            inner.StartSoon(async () => await Trio.Sleep(3), "sleeper");
                            return Task.CompletedTask;
                        })));
            });
            return dump;
        });

        Assert.Equal(
            """
            Task tree at 1s (6 live tasks):
              task 'main' (#1): waiting: waiting for its nursery's children to finish
                nursery
                  task 'worker' (#3): waiting: Trio.SleepForever
                    cancel scope (deadline 11s)
                  task 'dumper' (#4): running
                  cancel scope (shielded)
                    cancel scope (deadline 6s)
                      nursery
                        task 'reader' (#5): waiting: TrioEvent.WaitAsync (waiting for Set)
                        task 'sleeper' (#6): waiting: Trio.Sleep
            system tasks:
              task 'service' (#2): waiting: Trio.SleepForever

            """.ReplaceLineEndings(),
            dump);
    }

    [Fact]
    public void DumpTaskTree_OutsideARun_ThrowsInvalidOperation()
    {
        var error = Assert.Throws<InvalidOperationException>(Trio.DumpTaskTree);

        Assert.Contains("Trio.DumpTaskTree", error.Message, StringComparison.Ordinal);
    }
}
