using TrioSharp.LowLevel;

namespace TrioSharp.Tests.LowLevel;

/// <summary>The public <see cref="ParkingLot"/>: park, unpark n and all, repark, statistics, cancellation.</summary>
public class ParkingLotTests
{
    /// <summary>Starts <paramref name="count"/> tasks named p1.. that park in <paramref name="lot"/> and log their wake-up.</summary>
    private static void StartParkers(Nursery nursery, ParkingLot lot, int count, List<string> woken)
    {
        for (var i = 1; i <= count; i++)
        {
            var name = $"p{i}";
            nursery.StartSoon(
                async () =>
                {
                    await lot.ParkAsync();
                    woken.Add(name);
                },
                name);
        }
    }

    [Fact]
    public void Unpark_OneOfThree_WakesTheLongestParkedOnly()
    {
        var (returned, woken, left) = VirtualTime.Run(async () =>
        {
            var lot = new ParkingLot();
            var woken = new List<string>();
            IReadOnlyList<TaskInfo> returned = [];
            var left = -1;
            await Nursery.RunAsync(async n =>
            {
                StartParkers(n, lot, 3, woken);
                await Trio.WaitAllTasksBlocked();
                returned = lot.Unpark();
                await Trio.WaitAllTasksBlocked();
                left = lot.Count;
                lot.UnparkAll();
            });
            return (returned, woken, left);
        });

        Assert.Equal(["p1"], returned.Select(t => t.Name));
        Assert.Equal(["p1", "p2", "p3"], woken);
        Assert.Equal(2, left);
    }

    [Fact]
    public void Unpark_CountTwo_WakesTwoInParkOrder()
    {
        var (returned, wokenFirst) = VirtualTime.Run(async () =>
        {
            var lot = new ParkingLot();
            var woken = new List<string>();
            IReadOnlyList<TaskInfo> returned = [];
            List<string> wokenFirst = [];
            await Nursery.RunAsync(async n =>
            {
                StartParkers(n, lot, 3, woken);
                await Trio.WaitAllTasksBlocked();
                returned = lot.Unpark(2);
                await Trio.WaitAllTasksBlocked();
                wokenFirst = [.. woken];
                lot.UnparkAll();
            });
            return (returned, wokenFirst);
        });

        Assert.Equal(["p1", "p2"], returned.Select(t => t.Name));
        Assert.Equal(["p1", "p2"], wokenFirst);
    }

    [Fact]
    public void UnparkAll_ThreeParked_WakesAllInParkOrder()
    {
        var (returned, woken) = VirtualTime.Run(async () =>
        {
            var lot = new ParkingLot();
            var woken = new List<string>();
            IReadOnlyList<TaskInfo> returned = [];
            await Nursery.RunAsync(async n =>
            {
                StartParkers(n, lot, 3, woken);
                await Trio.WaitAllTasksBlocked();
                returned = lot.UnparkAll();
            });
            return (returned, woken);
        });

        Assert.Equal(["p1", "p2", "p3"], returned.Select(t => t.Name));
        Assert.Equal(["p1", "p2", "p3"], woken);
    }

    [Fact]
    public void Unpark_EmptyLot_ReturnsNoTasks()
    {
        var returned = VirtualTime.Run(() => Task.FromResult(new ParkingLot().Unpark(5)));

        Assert.Empty(returned);
    }

    [Fact]
    public void Unpark_NegativeCount_ThrowsArgumentOutOfRange()
    {
        VirtualTime.Run(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new ParkingLot().Unpark(-1));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Repark_TwoOfThree_MovesThemStillParkedToTheOtherLot()
    {
        var (moved, counts, wokenAfterRepark, woken) = VirtualTime.Run(async () =>
        {
            var first = new ParkingLot();
            var second = new ParkingLot();
            var woken = new List<string>();
            IReadOnlyList<TaskInfo> moved = [];
            (int, int) counts = default;
            var wokenAfterRepark = -1;
            await Nursery.RunAsync(async n =>
            {
                StartParkers(n, first, 3, woken);
                await Trio.WaitAllTasksBlocked();
                moved = first.Repark(second, 2);
                await Trio.WaitAllTasksBlocked();
                wokenAfterRepark = woken.Count;
                counts = (first.Count, second.Count);
                second.UnparkAll();
                first.UnparkAll();
            });
            return (moved, counts, wokenAfterRepark, woken);
        });

        Assert.Equal(["p1", "p2"], moved.Select(t => t.Name));
        Assert.Equal((1, 2), counts);
        Assert.Equal(0, wokenAfterRepark);
        Assert.Equal(["p1", "p2", "p3"], woken);
    }

    [Fact]
    public void ReparkAll_ThenCancelAReparkedTask_TaskLeavesTheNewLot()
    {
        var (afterCancel, outcome) = VirtualTime.Run(async () =>
        {
            var first = new ParkingLot();
            var second = new ParkingLot();
            var outcome = "";
            var afterCancel = -1;
            await Nursery.RunAsync(async n =>
            {
                var scope = new CancelScope();
                n.StartSoon(async () =>
                {
                    await scope.RunAsync(async () => await first.ParkAsync());
                    outcome = scope.CancelledCaught ? "cancelled" : "woken";
                });
                await Trio.WaitAllTasksBlocked();
                first.ReparkAll(second);
                scope.Cancel();
                await Trio.WaitAllTasksBlocked();
                afterCancel = second.Count;
            });
            return (afterCancel, outcome);
        });

        Assert.Equal(0, afterCancel);
        Assert.Equal("cancelled", outcome);
    }

    [Fact]
    public void Statistics_TwoParked_CountsThem()
    {
        var statistics = VirtualTime.Run(async () =>
        {
            var lot = new ParkingLot();
            var statistics = default(ParkingLotStatistics);
            await Nursery.RunAsync(async n =>
            {
                StartParkers(n, lot, 2, []);
                await Trio.WaitAllTasksBlocked();
                statistics = lot.Statistics;
                lot.UnparkAll();
            });
            return statistics;
        });

        Assert.Equal(new ParkingLotStatistics(2), statistics);
    }

    [Fact]
    public void ParkAsync_InCancelledScope_RaisesCancelledWithoutParking()
    {
        var (caught, count) = VirtualTime.Run(async () =>
        {
            var lot = new ParkingLot();
            var scope = new CancelScope();
            scope.Cancel();
            await scope.RunAsync(async () => await lot.ParkAsync());
            return (scope.CancelledCaught, lot.Count);
        });

        Assert.True(caught);
        Assert.Equal(0, count);
    }

    [Fact]
    public void ParkAsync_WhileASleeperUnparksLater_ClockAutojumpsToTheSleep()
    {
        var wokenAt = VirtualTime.Run(async () =>
        {
            var lot = new ParkingLot();
            var wokenAt = -1.0;
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await lot.ParkAsync();
                    wokenAt = VirtualTime.Now;
                });
                await Trio.Sleep(5);
                lot.Unpark();
            });
            return wokenAt;
        });

        Assert.Equal(5.0, wokenAt);
    }

    [Fact]
    public void ParkAsync_NobodyUnparks_DeadlockReportNamesTheDescription()
    {
        var error = Assert.Throws<DeadlockException>(() => VirtualTime.Run(async () =>
            await new ParkingLot().ParkAsync("waiting for the test's lot")));

        Assert.Contains("task 'main' (#1): waiting for the test's lot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParkAsync_OutsideATask_ThrowsInvalidOperation()
    {
        var error = TrioAssert.ThrowsAtCall<InvalidOperationException>(() => new ParkingLot().ParkAsync());

        Assert.Contains("ParkingLot.ParkAsync", error.Message, StringComparison.Ordinal);
    }
}
