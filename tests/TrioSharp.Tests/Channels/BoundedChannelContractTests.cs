namespace TrioSharp.Tests.Channels;

/// <summary>
/// The contract rules that need a sender to block (a full buffer), for every bounded capacity (0, 1, 10).
/// </summary>
public abstract class BoundedChannelContractTests : ChannelContractTests
{
    protected int Bound => Capacity!.Value;

    [Fact]
    public void TrySend_BufferFull_ReturnsFalse()
    {
        VirtualTime.Run(() =>
        {
            var (send, _) = Open();
            for (var i = 0; i < Bound; i++)
            {
                Assert.True(send.TrySend(i));
            }

            Assert.False(send.TrySend(99));
            Assert.Equal(Bound, send.Statistics.CurrentBufferUsed);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void SendAsync_BufferFull_WaitsUntilReceiverMakesRoom()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            Fill(send);
            double sentAt = -1;
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await send.SendAsync(99);
                    sentAt = VirtualTime.Now;
                });
                await Trio.Sleep(3);
                Assert.Equal(Bound > 0 ? 0 : 99, await receive.ReceiveAsync());
            });

            Assert.Equal(3.0, sentAt);
        });
    }

    [Fact]
    public void Statistics_SenderBlockedOnFullBuffer_CountedAsWaitingToSend()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            Fill(send);
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () => await TrioAssert.ThrowsAsync<BrokenResourceException>(async () => await send.SendAsync(99)));
                await Trio.WaitAllTasksBlocked();

                Assert.Equal(new MemoryChannelStatistics(Bound, Bound, 1, 1, 1, 0, Bound), receive.Statistics);
                receive.Close();
            });
        });
    }

    [Fact]
    public void Close_SendHandleWhileItsSenderWaits_SenderGetsClosedResourceAndBufferStillDrains()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            Fill(send);
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () => await TrioAssert.ThrowsAsync<ClosedResourceException>(async () => await send.SendAsync(99)));
                await Trio.WaitAllTasksBlocked();
                send.Close();
            });

            Assert.Equal(0, receive.Statistics.TasksWaitingSend);
            Assert.Equal(Enumerable.Range(0, Bound), await Drain(receive));
        });
    }

    [Fact]
    public void Close_LastReceiveHandleWhileSenderWaits_SenderGetsBrokenAndBufferIsDiscarded()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            Fill(send);
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () => await TrioAssert.ThrowsAsync<BrokenResourceException>(async () => await send.SendAsync(99)));
                await Trio.WaitAllTasksBlocked();
                receive.Close();
            });

            Assert.Equal(0, send.Statistics.CurrentBufferUsed);
            Assert.Throws<BrokenResourceException>(() => send.TrySend(1));
        });
    }

    [Fact]
    public void Close_OneSendCloneWhileBothSendersWait_OnlyItsOwnSenderFails()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            var clone = send.Clone();
            Fill(send);
            var log = new List<string>();
            List<int> received = [];
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await TrioAssert.ThrowsAsync<ClosedResourceException>(async () => await send.SendAsync(-1));
                    log.Add("original closed");
                });
                n.StartSoon(async () =>
                {
                    await clone.SendAsync(42);
                    clone.Close();
                });
                await Trio.WaitAllTasksBlocked();
                send.Close();
                received = await Drain(receive);
            });

            Assert.Equal(["original closed"], log);
            Assert.Equal([.. Enumerable.Range(0, Bound), 42], received);
        });
    }

    [Fact]
    public void SendAsync_BlockedSendCancelledByDeadline_ItemWithdrawnAtDeadline()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = Open();
            Fill(send);
            var scope = await Trio.MoveOnAfter(1, async () => await send.SendAsync(99));

            Assert.True(scope.CancelledCaught);
            Assert.Equal(1.0, VirtualTime.Now);
            Assert.Equal(0, send.Statistics.TasksWaitingSend);
            send.Close();
            Assert.Equal(Enumerable.Range(0, Bound), await Drain(receive));
        });
    }

    private void Fill(MemorySendChannel<int> send)
    {
        for (var i = 0; i < Bound; i++)
        {
            Assert.True(send.TrySend(i));
        }
    }

    private static async Task<List<int>> Drain(MemoryReceiveChannel<int> receive)
    {
        var items = new List<int>();
        await foreach (var item in receive)
        {
            items.Add(item);
        }

        return items;
    }
}
