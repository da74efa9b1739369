using System.Text.RegularExpressions;

namespace TrioSharp.Tests.Runtime;

/// <summary>
/// The internal API that primitives (channels, locks, events) are built on: ParkBlocked, Wake, IAbortable,
/// and the ValueTask contract of a task's waits.
/// </summary>
public partial class TrioTaskTests
{
    private static readonly AsyncLocal<string?> s_ambient = new();

    [Fact]
    public void ParkBlocked_WokenByAnotherTask_ResumesInTheNextBatchWithTheHandedOffValue()
    {
        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            TrioTask? waiter = null;
            object? slot = null;
            object? received = null;
            n.StartSoon(async () =>
            {
                waiter = Trio.CurrentTask("Test.Receive");
                await waiter.ParkBlocked("waiting for an item", null);
                received = slot;
            });
            await Trio.WaitAllTasksBlocked();
            Assert.Equal(1, Trio.CurrentStatistics().TasksBlocked);

            slot = "item";
            waiter!.Wake();

            Assert.Equal(0, Trio.CurrentStatistics().TasksBlocked);
            Assert.Equal(1, Trio.CurrentStatistics().TasksRunnable);
            Assert.Null(received);
            await Trio.Checkpoint();
            Assert.Equal("item", received);
        }));
    }

    [Fact]
    public void ParkBlocked_WokenWithAnError_RaisesItFromTheAwait()
    {
        var error = new InvalidDataException();
        Exception? raised = null;

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            TrioTask? waiter = null;
            n.StartSoon(async () =>
            {
                waiter = Trio.CurrentTask("Test.Receive");
                raised = await TrioAssert.ThrowsAsync<InvalidDataException>(async () => await waiter.ParkBlocked("waiting", null));
            });
            await Trio.WaitAllTasksBlocked();

            waiter!.Wake(error);
        }));

        Assert.Same(error, raised);
    }

    [Fact]
    public void ParkBlocked_CancelledAndAbortAccepted_RaisesCancelled()
    {
        var abortable = new RecordingAbortable(accept: true);
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            n.StartSoon(async () =>
            {
                try
                {
                    await Trio.CurrentTask("Test.Receive").ParkBlocked("waiting", abortable);
                }
                catch (Cancelled)
                {
                    log.Add("cancelled");
                    throw;
                }
            });
            await Trio.WaitAllTasksBlocked();

            n.CancelScope.Cancel();
        }));

        Assert.Equal(1, abortable.Calls);
        Assert.Equal(["cancelled"], log);
    }

    [Fact]
    public void ParkBlocked_CancelledAndAbortRefused_KeepsWaitingAndLaterResumesNormally()
    {
        var abortable = new RecordingAbortable(accept: false);
        var log = new List<string>();

        VirtualTime.Run(() => Nursery.RunAsync(async n =>
        {
            TrioTask? waiter = null;
            n.StartSoon(async () =>
            {
                waiter = Trio.CurrentTask("Test.Receive");
                await waiter.ParkBlocked("waiting", abortable);
                log.Add("woke normally");
                await Trio.Checkpoint();
                log.Add("not reached");
            });
            await Trio.WaitAllTasksBlocked();

            n.CancelScope.Cancel();
            Assert.Equal(1, Trio.CurrentStatistics().TasksBlocked);
            waiter!.Wake();
        }));

        Assert.Equal(1, abortable.Calls);
        Assert.Equal(["woke normally"], log);
    }

    [Fact]
    public void Wake_TaskNotBlocked_ThrowsInvalidOperationException()
    {
        VirtualTime.Run(async () =>
        {
            var me = Trio.CurrentTask("Test.Wake");

            var error = Assert.Throws<InvalidOperationException>(() => me.Wake());

            Assert.Contains("is not blocked", error.Message, StringComparison.Ordinal);
            await Trio.Checkpoint();
        });
    }

    [Fact]
    public void ParkRunnable_AfterTheTaskExited_ThrowsInvalidOperationException()
    {
        VirtualTime.Run(async () =>
        {
            TrioTask? child = null;
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(() =>
                {
                    child = Trio.CurrentTask("Test.Exit");
                    return Task.CompletedTask;
                });
                return Task.CompletedTask;
            });

            Assert.True(child!.HasExited);
            var error = TrioAssert.ThrowsAtCall<InvalidOperationException>(() => child.ParkRunnable(checkCancel: false));
            Assert.Contains("has already exited", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void ParkRunnable_WithoutCancelCheckInCancelledScope_SchedulesButNeverRaises()
    {
        var log = new List<string>();
        var scope = new CancelScope();

        VirtualTime.Run(() => Nursery.RunAsync(n => scope.RunAsync(async s =>
        {
            s.Cancel();
            n.StartSoon(() =>
            {
                log.Add("other task");
                return Task.CompletedTask;
            });

            await Trio.CurrentTask("Test.SchedulePoint").ParkRunnable(checkCancel: false);

            log.Add("after schedule point");
        })));

        Assert.Equal(["other task", "after schedule point"], log);
        Assert.False(scope.CancelledCaught);
    }

    [Fact]
    public void ToString_NamedTask_ShowsNameAndId()
    {
        string? text = null;

        VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(
                () =>
                {
                    text = Trio.CurrentTask("Test.Name").ToString();
                    return Task.CompletedTask;
                },
                "worker");
            return Task.CompletedTask;
        }));

        Assert.Matches(TaskText(), text);
    }

    [Fact]
    public void ParkBlocked_NothingCanWakeIt_DeadlockReportShowsTheDescription()
    {
        var error = Assert.Throws<DeadlockException>(() => VirtualTime.Run(async () =>
            await Trio.CurrentTask("Test.Wait").ParkBlocked("waiting for the answer", null)));

        Assert.Contains("task 'main'", error.Message, StringComparison.Ordinal);
        Assert.Contains("waiting for the answer", error.Message, StringComparison.Ordinal);
        Assert.Contains("abandoned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoint_StoredAndFinishedBeforeItIsAwaited_AwaitReturnsAtOnce()
    {
        VirtualTime.Run(async () =>
        {
#pragma warning disable CA2012 // A stored wait is the scenario under test.
            var wait = Trio.Checkpoint();
#pragma warning restore CA2012
            await Task.Yield();

            Assert.True(wait.IsCompletedSuccessfully);
            await wait;
        });
    }

    [Fact]
    public void Checkpoint_StoredInCancelledScope_IsCanceledAndAwaitRaisesCancelled()
    {
        var scope = new CancelScope();

        VirtualTime.Run(() => scope.RunAsync(async s =>
        {
            s.Cancel();
#pragma warning disable CA2012 // A stored wait is the scenario under test.
            var wait = Trio.Checkpoint();
#pragma warning restore CA2012
            await Task.Yield();

            Assert.True(wait.IsCanceled);
            await wait;
        }));

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void ParkBlocked_StoredAndWokenWithAnError_IsFaultedAndAwaitRaisesIt()
    {
        var error = new InvalidDataException();

        VirtualTime.Run(async () =>
        {
            var me = Trio.CurrentTask("Test.Wait");
#pragma warning disable CA2012 // A stored wait is the scenario under test.
            var wait = me.ParkBlocked("waiting", null);
#pragma warning restore CA2012
            me.Wake(error);
            await Task.Yield();

            Assert.True(wait.IsFaulted);
            Assert.Same(error, await TrioAssert.ThrowsAsync<InvalidDataException>(async () => await wait));
        });
    }

    [Fact]
    public void Checkpoint_SecondAwaiterWhileTheFirstIsPending_ThrowsInvalidOperationException()
    {
        VirtualTime.Run(async () =>
        {
#pragma warning disable CA2012 // A wait awaited twice is the scenario under test.
            var wait = Trio.Checkpoint();
#pragma warning restore CA2012
            var first = wait.AsTask();

            var error = TrioAssert.ThrowsAtCall<InvalidOperationException>(() => wait.AsTask());

            Assert.Contains("awaited only once", error.Message, StringComparison.Ordinal);
            await first;
        });
    }

    [Fact]
    public void Checkpoint_ResultReadBeforeItFinished_ThrowsInvalidOperationException()
    {
        VirtualTime.Run(async () =>
        {
#pragma warning disable CA2012 // Reading a pending wait is the scenario under test.
            var wait = Trio.Checkpoint();
#pragma warning restore CA2012

            var error = Assert.Throws<InvalidOperationException>(() => wait.GetAwaiter().GetResult());

            Assert.Contains("read before it finished", error.Message, StringComparison.Ordinal);
            await wait;
        });
    }

    [Fact]
    public void Checkpoint_AwaiterOnCompleted_RunsTheCallbackWithTheCapturedAsyncLocals()
    {
        string? seen = null;

        VirtualTime.Run(async () =>
        {
#pragma warning disable CA2012 // Driving the awaiter by hand is the scenario under test.
            var wait = Trio.Checkpoint();
#pragma warning restore CA2012
            var awaiter = wait.GetAwaiter();
            s_ambient.Value = "captured";
            awaiter.OnCompleted(() =>
            {
                seen = s_ambient.Value;
                awaiter.GetResult();
            });
            s_ambient.Value = "changed";

            await Task.Yield();

            Assert.Equal("captured", seen);
            Assert.Equal("changed", s_ambient.Value);
        });
    }

    [Fact]
    public void Checkpoint_AwaiterOnCompletedAfterItFinished_RunsTheCallbackAtOnce()
    {
        VirtualTime.Run(async () =>
        {
#pragma warning disable CA2012 // Driving the awaiter by hand is the scenario under test.
            var wait = Trio.Checkpoint();
#pragma warning restore CA2012
            var awaiter = wait.GetAwaiter();
            await Task.Yield();
            var ran = false;

            awaiter.UnsafeOnCompleted(() =>
            {
                ran = true;
                awaiter.GetResult();
            });

            Assert.True(ran);
            await Trio.Checkpoint();
        });
    }

    [GeneratedRegex(@"^task 'worker' \(#\d+\)$")]
    private static partial Regex TaskText();

    private sealed class RecordingAbortable(bool accept) : IAbortable
    {
        public int Calls { get; private set; }

        public bool TryAbort(TrioTask task)
        {
            Calls++;
            return accept;
        }
    }
}
