namespace TrioSharp.Tests.Runtime;

public class DeadlockTests
{
    [Fact]
    public void Run_EveryTaskBlockedForever_ThrowsDeadlockNamingEachTask()
    {
        var error = Assert.Throws<DeadlockException>(() => VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(async () => await Trio.SleepForever(), "stuck-child");
            return Task.CompletedTask;
        })));

        Assert.Contains("task 'stuck-child'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Trio.SleepForever", error.Message, StringComparison.Ordinal);
        Assert.Contains("task 'main'", error.Message, StringComparison.Ordinal);
        Assert.Contains("waiting for its nursery's children to finish", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void Run_Deadlock_FinallyBlocksRunBeforeItIsReported()
    {
        var log = new List<string>();

        Assert.Throws<DeadlockException>(() => VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(async () =>
            {
                try
                {
                    await Trio.SleepForever();
                }
                finally
                {
                    log.Add($"child finally at {VirtualTime.Now}");
                }
            });
            return Task.CompletedTask;
        })));

        Assert.Equal(["child finally at 0"], log);
    }

    [Fact]
    public void Run_DeadlockedMainRaisesOwnErrorWhileUnwinding_ErrorIsInnerException()
    {
        var own = new InvalidOperationException("cleanup failed");

        var error = Assert.Throws<DeadlockException>(() => VirtualTime.Run(async () =>
        {
            try
            {
                await Trio.SleepForever();
            }
            catch (Cancelled)
            {
                throw own;
            }
        }));

        Assert.Same(own, error.InnerException);
    }

    [Fact]
    public void Run_DeadlockedTaskInShieldedWait_IsAbandonedAndReported()
    {
        var error = Assert.Throws<DeadlockException>(() => VirtualTime.Run(() =>
            new CancelScope(shield: true).RunAsync(async () => await Trio.SleepForever())));

        Assert.Contains("abandoned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BlockedForeverButADeadlineIsPending_JumpsInsteadOfDeadlocking()
    {
        var scope = VirtualTime.Run(() => Trio.MoveOnAfter(4, async () => await Trio.SleepForever()));

        Assert.True(scope.CancelledCaught);
    }

    [Fact]
    public void Run_DeadlockWithAutojumpOff_StillDetected()
    {
        var clock = new VirtualClock { AutojumpThreshold = null };

        Assert.Throws<DeadlockException>(() => VirtualTime.Run(async () => await Trio.SleepForever(), clock));
    }

    [Fact]
    public void Run_DeadlockOnSystemClock_Detected()
    {
        Assert.Throws<DeadlockException>(() => TestEntry.Run(async () => await Trio.SleepForever()));
    }

    [Fact]
    public void StartSoon_NamedByMethodGroup_ReportUsesMethodName()
    {
        var error = Assert.Throws<DeadlockException>(() => VirtualTime.Run(() => Nursery.RunAsync(n =>
        {
            n.StartSoon(SleepsForever);
            n.StartSoon(async () => await Trio.SleepForever());
            return Task.CompletedTask;
        })));

        Assert.Contains("task 'SleepsForever'", error.Message, StringComparison.Ordinal);
        Assert.Contains("task 'DeadlockTests.lambda'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeadlockException_Constructors_KeepMessageAndInner()
    {
        var inner = new InvalidOperationException();

        Assert.Contains("blocked", new DeadlockException().Message, StringComparison.Ordinal);
        Assert.Equal("m", new DeadlockException("m").Message);
        Assert.Same(inner, new DeadlockException("m", inner).InnerException);
    }

    private static async Task SleepsForever() => await Trio.SleepForever();
}
