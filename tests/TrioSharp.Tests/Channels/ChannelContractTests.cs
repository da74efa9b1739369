namespace TrioSharp.Tests.Channels;

/// <summary>
/// The memory-channel rules of trio-semantics.md §1E that hold at every capacity; run once per capacity by the
/// concrete subclasses (0, 1, 10 and unbounded).
/// </summary>
public abstract class ChannelContractTests
{
    /// <summary>The capacity under test; null for an unbounded channel.</summary>
    protected abstract int? Capacity { get; }

    protected (MemorySendChannel<int> Send, MemoryReceiveChannel<int> Receive) Open() =>
        Capacity is { } capacity ? MemoryChannel.Create<int>(capacity) : MemoryChannel.CreateUnbounded<int>();

    [Fact]
    public void SendAsync_ItemsFromOneProducer_ReceivedInFifoOrder()
    {
        var received = VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            var items = new List<int>();
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(async () =>
                {
                    await using (send)
                    {
                        for (var i = 0; i < 25; i++)
                        {
                            await send.SendAsync(i);
                        }
                    }
                });
                n.StartSoon(async () =>
                {
                    await foreach (var item in receive)
                    {
                        items.Add(item);
                    }
                });
                return Task.CompletedTask;
            });
            return items;
        });

        Assert.Equal(Enumerable.Range(0, 25), received);
    }

    [Fact]
    public void ReceiveAsync_NothingSent_WaitsUntilSenderSends()
    {
        var (item, time) = VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            (int, double) result = default;
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(async () => result = (await receive.ReceiveAsync(), VirtualTime.Now));
                n.StartSoon(async () =>
                {
                    await Trio.Sleep(1.5);
                    await send.SendAsync(7);
                });
                return Task.CompletedTask;
            });
            return result;
        });

        Assert.Equal((7, 1.5), (item, time));
    }

    [Fact]
    public void TrySend_ReceiverWaiting_HandsItemStraightToReceiver()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            var got = new List<int>();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () => got.Add(await receive.ReceiveAsync()));
                await Trio.WaitAllTasksBlocked();

                Assert.True(send.TrySend(2));

                // Decided at the call: the item bypassed the buffer, so nobody else can take it...
                Assert.Equal(0, send.Statistics.CurrentBufferUsed);
                Assert.Equal(0, send.Statistics.TasksWaitingReceive);
                Assert.False(receive.TryReceive(out _));

                // ...but the receiver runs only later: a synchronous call never switches tasks.
                Assert.Empty(got);
            });
            Assert.Equal([2], got);
        });
    }

    [Fact]
    public void ReceiveAsync_LastSenderClosedAfterSending_DrainsThenRaisesEndOfChannelEveryTime()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await send.SendAsync(1);
                    await send.SendAsync(2);
                    send.Close();
                });

                Assert.Equal(1, await receive.ReceiveAsync());
                Assert.Equal(2, await receive.ReceiveAsync());
                await TrioAssert.ThrowsAsync<EndOfChannelException>(async () => await receive.ReceiveAsync());
                await TrioAssert.ThrowsAsync<EndOfChannelException>(async () => await receive.ReceiveAsync());
                Assert.Throws<EndOfChannelException>(() => receive.TryReceive(out _));
            });
        });
    }

    [Fact]
    public void Close_SendHandle_SendTrySendAndCloneRaiseClosedResource()
    {
        VirtualTime.Run(async () =>
        {
            var (send, _) = Open();
            send.Close();

            var error = await TrioAssert.ThrowsAsync<ClosedResourceException>(async () => await send.SendAsync(1));
            Assert.Contains("MemorySendChannel was closed", error.Message, StringComparison.Ordinal);
            Assert.Throws<ClosedResourceException>(() => send.TrySend(1));
            Assert.Throws<ClosedResourceException>(() => send.Clone());
        });
    }

    [Fact]
    public void Close_CalledTwiceOnEachHandle_CountsOnce()
    {
        VirtualTime.Run(() =>
        {
            var (send, receive) = Open();
            var sendClone = send.Clone();
            var receiveClone = receive.Clone();

            sendClone.Close();
            sendClone.Close();
            receiveClone.Close();
            receiveClone.Close();

            Assert.Equal((1, 1), (send.Statistics.OpenSendChannels, send.Statistics.OpenReceiveChannels));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Close_ReceiveHandle_ReceiveAndTryReceiveRaiseClosedResource()
    {
        VirtualTime.Run(async () =>
        {
            var (_, receive) = Open();
            receive.Close();

            await TrioAssert.ThrowsAsync<ClosedResourceException>(async () => await receive.ReceiveAsync());
            Assert.Throws<ClosedResourceException>(() => receive.TryReceive(out _));
        });
    }

    [Fact]
    public void Close_ReceiveHandleWhileItsReceiverWaits_ReceiverGetsClosedResource()
    {
        VirtualTime.Run(async () =>
        {
            var (_, receive) = Open();
            Exception? error = null;
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () => error = await TrioAssert.ThrowsAsync<ClosedResourceException>(
                    async () => await receive.ReceiveAsync()));
                await Trio.WaitAllTasksBlocked();
                receive.Close();
            });
            Assert.IsType<ClosedResourceException>(error);
        });
    }

    [Fact]
    public void Close_NonLastSendClone_BlockedReceiverWaitsUntilLastCloneCloses()
    {
        var time = VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            var clone = send.Clone();
            double endedAt = -1;
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await TrioAssert.ThrowsAsync<EndOfChannelException>(async () => await receive.ReceiveAsync());
                    endedAt = VirtualTime.Now;
                });
                await Trio.WaitAllTasksBlocked();
                send.Close();
                await Trio.Sleep(1);
                Assert.Equal(1, receive.Statistics.TasksWaitingReceive);
                clone.Close();
            });
            return endedAt;
        });

        Assert.Equal(1.0, time);
    }

    [Fact]
    public void Close_LastReceiveHandle_SendsRaiseBrokenResource()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            receive.Close();

            Assert.Throws<BrokenResourceException>(() => send.TrySend(1));
            await TrioAssert.ThrowsAsync<BrokenResourceException>(async () => await send.SendAsync(1));
        });
    }

    [Fact]
    public void Close_OneReceiveClone_OnlyItsOwnWaiterFails()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            var clone = receive.Clone();
            var log = new List<string>();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await TrioAssert.ThrowsAsync<ClosedResourceException>(async () => await receive.ReceiveAsync());
                    log.Add("original closed");
                });
                n.StartSoon(async () => log.Add($"clone got {await clone.ReceiveAsync()}"));
                await Trio.WaitAllTasksBlocked();
                receive.Close();
                await send.SendAsync(42);
            });
            Assert.Equal(["original closed", "clone got 42"], log);
        });
    }

    [Fact]
    public void Close_ReceiveClonesOneByOne_SendersBreakOnlyWhenLastCloses()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            var second = receive.Clone();
            var third = receive.Clone();
            receive.Close();
            second.Close();

            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () => Assert.Equal(5, await third.ReceiveAsync()));
                await Trio.WaitAllTasksBlocked();
                Assert.True(send.TrySend(5));
            });

            third.Close();
            Assert.Throws<BrokenResourceException>(() => send.TrySend(6));
        });
    }

    [Fact]
    public void Clone_ClosedHandles_RaiseClosedResource()
    {
        VirtualTime.Run(() =>
        {
            var (send, receive) = Open();
            send.Close();
            receive.Close();

            Assert.Throws<ClosedResourceException>(() => send.Clone());
            Assert.Throws<ClosedResourceException>(() => receive.Clone());
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AwaitForeach_TenProducersEachClosingOwnClone_CollectsEveryItemThenEnds()
    {
        var received = VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            var items = new List<int>();
            await Nursery.RunAsync(n =>
            {
                for (var p = 0; p < 10; p++)
                {
                    var producer = p;
                    var clone = send.Clone();
                    n.StartSoon(async () =>
                    {
                        await using (clone)
                        {
                            for (var i = 0; i < 3; i++)
                            {
                                await clone.SendAsync((producer * 3) + i);
                            }
                        }
                    });
                }

                send.Close();
                n.StartSoon(async () =>
                {
                    await foreach (var item in receive)
                    {
                        items.Add(item);
                    }
                });
                return Task.CompletedTask;
            });
            return items;
        });

        Assert.Equal(Enumerable.Range(0, 30), received.Order());
    }

    [Fact]
    public void ReceiveAsync_FiveConsumersTenItems_EachItemOnceAndEveryConsumerGetsOne()
    {
        var byConsumer = VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            var got = new Dictionary<int, List<int>>();
            await Nursery.RunAsync(async n =>
            {
                for (var c = 0; c < 5; c++)
                {
                    var items = got[c] = [];
                    n.StartSoon(async () =>
                    {
                        await foreach (var item in receive)
                        {
                            items.Add(item);
                        }
                    });
                }

                await Trio.WaitAllTasksBlocked();
                for (var i = 0; i < 10; i++)
                {
                    await send.SendAsync(i);
                }

                send.Close();
            });
            return got;
        });

        Assert.Equal(Enumerable.Range(0, 10), byConsumer.Values.SelectMany(items => items).Order());
        Assert.All(byConsumer.Values, items => Assert.NotEmpty(items));
    }

    [Fact]
    public void AwaitForeach_ClosedReceiveHandle_RaisesClosedResource()
    {
        VirtualTime.Run(async () =>
        {
            var (_, receive) = Open();
            receive.Close();
            await TrioAssert.ThrowsAsync<ClosedResourceException>(async () =>
            {
                await foreach (var item in receive)
                {
                    Assert.Fail($"received {item} from a closed handle");
                }
            });
        });
    }

    [Fact]
    public void Statistics_CloneAndClose_AdjustOpenCountsSameOnBothEnds()
    {
        VirtualTime.Run(() =>
        {
            var (send, receive) = Open();
            var sendClone = send.Clone();
            _ = receive.Clone();
            _ = receive.Clone();
            send.Close();

            var expected = new MemoryChannelStatistics(0, Capacity, 1, 3, 0, 0, 0);
            Assert.Equal(expected, sendClone.Statistics);
            Assert.Equal(expected, receive.Statistics);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Statistics_ReceiverCancelledByDeadline_NoLongerCountedAsWaiting()
    {
        VirtualTime.Run(async () =>
        {
            var (_, receive) = Open();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(() => Trio.MoveOnAfter(1, async () => await receive.ReceiveAsync()));
                await Trio.WaitAllTasksBlocked();
                Assert.Equal(1, receive.Statistics.TasksWaitingReceive);
                await Trio.Sleep(2);
                Assert.Equal(0, receive.Statistics.TasksWaitingReceive);
            });
        });
    }

    [Fact]
    public void SendAsync_InCancelledScope_RaisesCancelledAndSendsNothing()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            var log = new List<string>();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await TrioAssert.ThrowsAsync<EndOfChannelException>(async () => await receive.ReceiveAsync());
                    log.Add("receiver saw the end");
                });
                await Trio.WaitAllTasksBlocked();

                var scope = new CancelScope();
                await scope.RunAsync(async s =>
                {
                    s.Cancel();
                    await send.SendAsync(1);
                    log.Add("sent");
                });

                Assert.True(scope.CancelledCaught);
                Assert.Equal(1, send.Statistics.TasksWaitingReceive);
                send.Close();
            });
            Assert.Equal(["receiver saw the end"], log);
        });
    }

    [Fact]
    public void ReceiveAsync_InCancelledScope_RaisesCancelledAndTakesNothing()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            await Nursery.RunAsync(async n =>
            {
                // Buffered, or offered by a blocked sender at capacity 0: either way ready to take.
                n.StartSoon(async () => await send.SendAsync(5));
                await Trio.WaitAllTasksBlocked();

                var scope = new CancelScope();
                await scope.RunAsync(async s =>
                {
                    s.Cancel();
                    await receive.ReceiveAsync();
                });

                Assert.True(scope.CancelledCaught);
                Assert.Equal(5, await receive.ReceiveAsync());
            });
        });
    }

    [Fact]
    public void ReceiveAsync_WaitCancelledByDeadline_ReturnsAtDeadlineAndLaterItemIsNotLost()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            var scope = await Trio.MoveOnAfter(2.5, async () => await receive.ReceiveAsync());
            Assert.True(scope.CancelledCaught);
            Assert.Equal(2.5, VirtualTime.Now);

            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () => await send.SendAsync(9));
                Assert.Equal(9, await receive.ReceiveAsync());
            });
        });
    }

    [Fact]
    public void SendAsync_HandedToWaitingReceiverThenScopeCancelled_NotReportedCancelled()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            var (spender, _) = MemoryChannel.CreateUnbounded<int>();
            var senderScope = new CancelScope();
            var log = new List<string>();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    log.Add($"received {await receive.ReceiveAsync()}");
                    senderScope.Cancel();
                });
                await Trio.WaitAllTasksBlocked();

                await senderScope.RunAsync(async () =>
                {
                    // Spend the budget so this send yields after the hand-off; the receiver cancels the sender's
                    // scope during that yield.
                    for (var i = 0; i < CooperativeBudget.OperationsPerYield - 1; i++)
                    {
                        await spender.SendAsync(i);
                    }

                    await send.SendAsync(3);
                    log.Add("send returned");
                    await Trio.Checkpoint();
                    log.Add("unreachable");
                });
                Assert.True(senderScope.CancelledCaught);
            });
            Assert.Equal(["received 3", "send returned"], log);
        });
    }

    [Fact]
    public void TryReceive_NothingAvailable_ReturnsFalse()
    {
        VirtualTime.Run(() =>
        {
            var (_, receive) = Open();
            Assert.False(receive.TryReceive(out var item));
            Assert.Equal(0, item);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void DisposeAsync_SendHandleInCancelledScope_ClosesWithoutRaising()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            var log = new List<string>();
            await new CancelScope().RunAsync(async s =>
            {
                s.Cancel();
                await send.DisposeAsync();
                log.Add("disposed");
            });

            Assert.Equal(["disposed"], log);
            Assert.True(send.IsClosed);
            Assert.Throws<EndOfChannelException>(() => receive.TryReceive(out _));
        });
    }

    [Fact]
    public void DisposeAsync_ReceiveHandleInCancelledScope_ClosesWithoutRaising()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            var log = new List<string>();
            await new CancelScope().RunAsync(async s =>
            {
                s.Cancel();
                await receive.DisposeAsync();
                log.Add("disposed");
            });

            Assert.Equal(["disposed"], log);
            Assert.True(receive.IsClosed);
            Assert.Throws<BrokenResourceException>(() => send.TrySend(1));
        });
    }
}
