namespace TrioSharp.Tests.Sync;

/// <summary>Trio's CapacityLimiter rules (trio-semantics.md §1G).</summary>
public class CapacityLimiterTests
{
    [Fact]
    public void Constructor_NegativeTokens_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CapacityLimiter(-1));
    }

    [Fact]
    public void TryAcquire_SameTaskTwice_ThrowsAndBorrowedCountUnchanged()
    {
        VirtualTime.Run(async () =>
        {
            var limiter = new CapacityLimiter(2);
            Assert.True(limiter.TryAcquire());

            var error = Assert.Throws<InvalidOperationException>(() => limiter.TryAcquire());
            Assert.Contains("already holds", error.Message, StringComparison.Ordinal);
            await TrioAssert.ThrowsAsync<InvalidOperationException>(async () => await limiter.AcquireAsync());
            Assert.Equal(1, limiter.BorrowedTokens);
        });
    }

    [Fact]
    public void Release_TaskHoldingNoToken_ThrowsAndLimiterStaysUsable()
    {
        VirtualTime.Run(async () =>
        {
            var limiter = new CapacityLimiter(1);

            var error = Assert.Throws<InvalidOperationException>(limiter.Release);
            Assert.Contains("not holding", error.Message, StringComparison.Ordinal);

            await limiter.AcquireAsync();
            Assert.Equal(1, limiter.BorrowedTokens);
            limiter.Release();
            Assert.Equal(1, limiter.AvailableTokens);
        });
    }

    [Fact]
    public void AcquireOnBehalfOfAsync_Borrower_ListedUntilReleasedOnItsBehalf()
    {
        VirtualTime.Run(async () =>
        {
            var limiter = new CapacityLimiter(2);
            await limiter.AcquireOnBehalfOfAsync("someone");
            await limiter.AcquireAsync();

            Assert.Contains("someone", limiter.Statistics.Borrowers);
            Assert.Equal(2, limiter.Statistics.Borrowers.Count);
            Assert.False(limiter.TryAcquireOnBehalfOf("another"));

            limiter.ReleaseOnBehalfOf("someone");
            Assert.DoesNotContain("someone", limiter.Statistics.Borrowers);
            Assert.Throws<InvalidOperationException>(() => limiter.ReleaseOnBehalfOf("someone"));
        });
    }

    [Fact]
    public void ReleaseOnBehalfOf_WithWaiter_TokenPassesToWaiterSoReleaserCannotBarge()
    {
        VirtualTime.Run(async () =>
        {
            var limiter = new CapacityLimiter(2);
            limiter.TryAcquireOnBehalfOf("value 1");
            limiter.TryAcquireOnBehalfOf("value 2");
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () => await limiter.AcquireOnBehalfOfAsync("waiter"));
                await Trio.WaitAllTasksBlocked();

                limiter.ReleaseOnBehalfOf("value 2");

                Assert.Equal(2, limiter.BorrowedTokens);
                Assert.Contains("waiter", limiter.Statistics.Borrowers);
                Assert.False(limiter.TryAcquire());
            });
        });
    }

    [Fact]
    public void TotalTokens_RaisedWithFiveWaiters_GrantsTheFirstTwoWaitersAtOnce()
    {
        VirtualTime.Run(async () =>
        {
            var limiter = new CapacityLimiter(2);
            await Nursery.RunAsync(async n =>
            {
                for (var i = 0; i < 5; i++)
                {
                    var borrower = i;
                    n.StartSoon(async () => await limiter.AcquireOnBehalfOfAsync(borrower));
                    await Trio.WaitAllTasksBlocked();
                }

                limiter.TotalTokens += 2;
                Assert.Equal([0, 1, 2, 3], limiter.Statistics.Borrowers.Cast<int>().Order());
                Assert.Equal(1, limiter.Statistics.TasksWaiting);

                limiter.TotalTokens -= 3;
                Assert.Equal(4, limiter.BorrowedTokens);
                Assert.Equal(0, limiter.AvailableTokens);
                foreach (var holder in new[] { 0, 1, 2 })
                {
                    limiter.ReleaseOnBehalfOf(holder);
                    Assert.Equal(1, limiter.Statistics.TasksWaiting);
                }

                limiter.ReleaseOnBehalfOf(3);
                Assert.Equal([4], limiter.Statistics.Borrowers.Cast<int>());
                limiter.ReleaseOnBehalfOf(4);
            });
        });
    }

    [Fact]
    public void TotalTokens_Negative_ThrowsArgumentOutOfRangeAndKeepsLimit()
    {
        VirtualTime.Run(() =>
        {
            var limiter = new CapacityLimiter(2);

            Assert.Throws<ArgumentOutOfRangeException>(() => limiter.TotalTokens = -1);
            Assert.Equal(2, limiter.TotalTokens);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void TotalTokens_ZeroRaisedToFive_GrantsAllFiveWaitersInFifoOrder()
    {
        var order = VirtualTime.Run(async () =>
        {
            var limiter = new CapacityLimiter(0);
            var acquired = new List<int>();
            Assert.False(limiter.TryAcquire());
            await Nursery.RunAsync(async n =>
            {
                for (var i = 0; i < 5; i++)
                {
                    var borrower = i;
                    n.StartSoon(async () =>
                    {
                        await limiter.AcquireOnBehalfOfAsync(borrower);
                        acquired.Add(borrower);
                    });
                }

                await Trio.WaitAllTasksBlocked();
                limiter.TotalTokens = 5;
            });
            return acquired;
        });

        Assert.Equal([0, 1, 2, 3, 4], order);
    }

    [Fact]
    public void TotalTokens_LoweredToZeroWhileHeld_ReleaseGrantsNobody()
    {
        VirtualTime.Run(async () =>
        {
            var limiter = new CapacityLimiter(1);
            limiter.TryAcquireOnBehalfOf("holder");
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () => await Trio.MoveOnAfter(1, async () => await limiter.AcquireAsync()));
                await Trio.WaitAllTasksBlocked();
                limiter.TotalTokens = 0;
                limiter.ReleaseOnBehalfOf("holder");

                Assert.Equal(0, limiter.BorrowedTokens);
                Assert.Equal(1, limiter.Statistics.TasksWaiting);
            });
        });
    }

    [Fact]
    public void AcquireAsync_CancelledWhileWaiting_LeavesNoPendingBorrower()
    {
        VirtualTime.Run(async () =>
        {
            var limiter = new CapacityLimiter(1);
            limiter.TryAcquireOnBehalfOf("holder");
            var scope = await Trio.MoveOnAfter(0.5, async () => await limiter.AcquireOnBehalfOfAsync("impatient"));

            Assert.True(scope.CancelledCaught);
            Assert.Equal(0.5, VirtualTime.Now);
            Assert.Equal(0, limiter.Statistics.TasksWaiting);
            limiter.ReleaseOnBehalfOf("holder");
            Assert.Empty(limiter.Statistics.Borrowers);
        });
    }

    [Fact]
    public void AcquireScopeAsync_BlockExits_ReturnsTheTasksToken()
    {
        VirtualTime.Run(async () =>
        {
            var limiter = new CapacityLimiter(1);
            using (await limiter.AcquireScopeAsync())
            {
                Assert.Equal(0, limiter.AvailableTokens);
                Assert.StartsWith("task 'main'", limiter.Statistics.Borrowers.Single().ToString(), StringComparison.Ordinal);
            }

            Assert.Equal(1, limiter.AvailableTokens);
        });
    }

    [Fact]
    public void AcquireAsync_TokensFree_RunAtMostTotalTokensAtOnce()
    {
        var peak = VirtualTime.Run(async () =>
        {
            var limiter = new CapacityLimiter(3);
            int running = 0, most = 0;
            await Nursery.RunAsync(n =>
            {
                for (var i = 0; i < 10; i++)
                {
                    n.StartSoon(async () =>
                    {
                        using (await limiter.AcquireScopeAsync())
                        {
                            most = Math.Max(most, ++running);
                            await Trio.Sleep(1);
                            running--;
                        }
                    });
                }

                return Task.CompletedTask;
            });
            Assert.Equal(4.0, VirtualTime.Now);
            return most;
        });

        Assert.Equal(3, peak);
    }
}
