namespace TrioSharp.Tests.Channels;

/// <summary>Memory-channel rules tied to one capacity, the cooperative budget, and misuse.</summary>
public class MemoryChannelTests
{
    [Fact]
    public void Create_NegativeCapacity_ThrowsArgumentOutOfRangeNamingTheFix()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MemoryChannel.Create<int>(-1));

        Assert.Equal("capacity", error.ParamName);
        Assert.Contains("CreateUnbounded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrySend_CapacityTwo_TwoFitThenWouldBlockAndReceivesAreFifo()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(2);
            Assert.True(send.TrySend(1));
            await send.SendAsync(2);
            Assert.False(send.TrySend(3));

            Assert.Equal(1, await receive.ReceiveAsync());
            Assert.True(receive.TryReceive(out var second));
            Assert.Equal(2, second);
            Assert.False(receive.TryReceive(out _));
        });
    }

    [Fact]
    public void TrySend_RendezvousWithNobodyWaiting_BothSidesWouldBlock()
    {
        VirtualTime.Run(() =>
        {
            var (send, receive) = MemoryChannel.Create<int>(0);

            Assert.False(send.TrySend(1));
            Assert.False(receive.TryReceive(out _));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void SendAsync_Rendezvous_ReturnsOnlyWhenReceiverTakesItem()
    {
        var sentAt = VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<string>(0);
            double at = -1;
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await send.SendAsync("x");
                    at = VirtualTime.Now;
                });
                await Trio.Sleep(4);
                Assert.Equal(new MemoryChannelStatistics(0, 0, 1, 1, 1, 0, 0), receive.Statistics);
                Assert.Equal("x", await receive.ReceiveAsync());
            });
            return at;
        });

        Assert.Equal(4.0, sentAt);
    }

    [Fact]
    public void TryReceive_RendezvousWithBlockedSender_TakesItsItemAndWakesIt()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(0);
            var log = new List<string>();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await send.SendAsync(8);
                    log.Add("sender woke");
                });
                await Trio.WaitAllTasksBlocked();

                Assert.True(receive.TryReceive(out var item));
                Assert.Equal(8, item);
                Assert.Empty(log);
            });
            Assert.Equal(["sender woke"], log);
        });
    }

    [Fact]
    public void TrySend_CapacityOneFullWithBlockedSender_BlockedSenderOwnsTheFreedSlot()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(1);
            Assert.True(send.TrySend(1));
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () => await send.SendAsync(2));
                await Trio.WaitAllTasksBlocked();

                Assert.True(receive.TryReceive(out var first));
                Assert.Equal(1, first);
                Assert.False(send.TrySend(3));
                Assert.Equal(2, await receive.ReceiveAsync());
            });
        });
    }

    [Fact]
    public void Statistics_BufferDrained_PeakBufferUsedIsKept()
    {
        VirtualTime.Run(() =>
        {
            var (send, receive) = MemoryChannel.Create<int>(5);
            for (var i = 0; i < 3; i++)
            {
                send.TrySend(i);
            }

            while (receive.TryReceive(out _))
            {
            }

            Assert.Equal((0, 3), (receive.Statistics.CurrentBufferUsed, receive.Statistics.PeakBufferUsed));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void SendAsync_Unbounded_NeverWaitsAndReportsNoMaximum()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.CreateUnbounded<int>();
            for (var i = 0; i < 10_000; i++)
            {
                await send.SendAsync(i);
            }

            Assert.Equal(0.0, VirtualTime.Now);
            Assert.Null(receive.Statistics.MaxBufferSize);
            Assert.Equal(10_000, receive.Statistics.CurrentBufferUsed);
        });
    }

    [Fact]
    public void SendAsync_NeverBlocking_YieldsOnceTheBudgetIsSpent()
    {
        VirtualTime.Run(async () =>
        {
            var (send, _) = MemoryChannel.CreateUnbounded<int>();
            var otherSteps = 0;
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    while (true)
                    {
                        otherSteps++;
                        await Trio.Checkpoint();
                    }
                });
                await Trio.Checkpoint();
                Assert.Equal(1, otherSteps);

                for (var i = 0; i < CooperativeBudget.OperationsPerYield - 1; i++)
                {
                    await send.SendAsync(i);
                }

                Assert.Equal(1, otherSteps);
                await send.SendAsync(-1);
                Assert.Equal(2, otherSteps);
                n.CancelScope.Cancel();
            });
        });
    }

    [Fact]
    public void SendAsync_WhileTaskAwaitsAnotherWait_ThrowsWithoutSending()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.CreateUnbounded<int>();
            // Misuse on purpose: a second wait started while the first is still pending.
#pragma warning disable CA2012
            var sleeping = Trio.Sleep(1);
            var error = Assert.Throws<InvalidOperationException>(() => _ = send.SendAsync(1));
#pragma warning restore CA2012
            Assert.Contains("already waiting", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, receive.Statistics.CurrentBufferUsed);
            await sleeping;
        });
    }

    [Fact]
    public void TrySend_OutsideRun_ThrowsInvalidOperationNamingTheCall()
    {
        var (send, _) = MemoryChannel.Create<int>(1);

        var error = Assert.Throws<InvalidOperationException>(() => send.TrySend(1));
        Assert.Contains("MemorySendChannel.TrySend", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReceiveAsync_OffTheLoopThread_ThrowsInvalidOperation()
    {
        VirtualTime.Run(async () =>
        {
            var (_, receive) = MemoryChannel.Create<int>(1);
            var error = await Task.Run(() => Record.Exception(() => { _ = receive.ReceiveAsync().AsTask(); }));
            Assert.IsType<InvalidOperationException>(error);
        });
    }

    [Fact]
    public void GetAsyncEnumerator_CancellableToken_ThrowsArgumentExceptionPointingToCancelScope()
    {
        var (_, receive) = MemoryChannel.Create<int>(1);
        using var source = new CancellationTokenSource();

        var error = Assert.Throws<ArgumentException>(() => receive.GetAsyncEnumerator(source.Token));
        Assert.Contains("CancelScope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReceiveAsync_ReferenceItems_DeliveredByReference()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<object>(0);
            var item = new object();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () => await send.SendAsync(item));
                Assert.Same(item, await receive.ReceiveAsync());
            });
        });
    }
}
