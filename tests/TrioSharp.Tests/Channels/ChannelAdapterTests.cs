using System.Threading.Channels;

namespace TrioSharp.Tests.Channels;

/// <summary>Memory channels used through <see cref="ChannelReader{T}"/> and <see cref="ChannelWriter{T}"/> by BCL-style code.</summary>
public class ChannelAdapterTests
{
    // ReadAllAsync awaits WaitToReadAsync with ConfigureAwait(false); the adapter's waits still resume on the loop.
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void AsChannelReaderAndWriter_BclProducerAndConsumer_MoveEveryItemInOrder(int capacity)
    {
        var received = VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(capacity);
            List<int> items = [];
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(() => ProduceWithWriteAsync(send.AsChannelWriter(), 20));
                n.StartSoon(async () => items = await ConsumeWithReadAllAsync(receive.AsChannelReader()));
                return Task.CompletedTask;
            });
            return items;
        });

        Assert.Equal(Enumerable.Range(0, 20), received);
    }

    // At capacity 0 these loops would wait for each other forever, as with the BCL's rendezvous channel: a
    // rendezvous needs one side blocked in ReadAsync or WriteAsync.
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void AsChannelReaderAndWriter_WaitThenTryLoops_MoveEveryItemInOrder(int capacity)
    {
        var received = VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(capacity);
            List<int> items = [];
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(() => ProduceWithWaitToWriteAsync(send.AsChannelWriter(), 10));
                n.StartSoon(async () => items = await ConsumeWithWaitToReadAsync(receive.AsChannelReader()));
                return Task.CompletedTask;
            });
            return items;
        });

        Assert.Equal(Enumerable.Range(0, 10), received);
    }

    [Fact]
    public void WaitToReadAsync_ItemSentLater_TrueWhenItArrives()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(1);
            var reader = receive.AsChannelReader();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await Trio.Sleep(2);
                    await send.SendAsync(5);
                });
                Assert.True(await reader.WaitToReadAsync());
                Assert.Equal(2.0, VirtualTime.Now);
                Assert.True(reader.TryPeek(out var peeked));
                Assert.Equal((5, 1), (peeked, reader.Count));
                Assert.True(reader.TryRead(out var item));
                Assert.Equal(5, item);
            });
        });
    }

    [Fact]
    public void ReadAsync_ChannelEnded_ThrowsChannelClosedException()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(1);
            send.Close();
            var reader = receive.AsChannelReader();

            await TrioAssert.ThrowsAsync<ChannelClosedException>(async () => await reader.ReadAsync());
            Assert.False(await reader.WaitToReadAsync());
        });
    }

    [Fact]
    public void Completion_LastSenderClosed_CompletesOnlyOnceBufferIsDrained()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(1);
            var reader = receive.AsChannelReader();
            send.TrySend(1);
            send.Close();
            Assert.False(reader.Completion.IsCompleted);

            Assert.Equal(1, await reader.ReadAsync());
            await reader.Completion;
            Assert.True(reader.Completion.IsCompletedSuccessfully);
        });
    }

    [Fact]
    public void TryComplete_WithError_ReaderReportsThatError()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(1);
            var reader = receive.AsChannelReader();
            var failure = new InvalidDataException("producer failed");

            Assert.True(send.AsChannelWriter().TryComplete(failure));

            var closed = await TrioAssert.ThrowsAsync<ChannelClosedException>(async () => await reader.ReadAsync());
            Assert.Same(failure, closed.InnerException);
            Assert.Same(failure, Assert.Single(reader.Completion.Exception!.InnerExceptions));
        });
    }

    [Fact]
    public void TryComplete_OneOfTwoSendHandles_ChannelStaysOpen()
    {
        VirtualTime.Run(() =>
        {
            var (send, receive) = MemoryChannel.Create<int>(1);
            var clone = send.Clone();
            var writer = send.AsChannelWriter();

            Assert.True(writer.TryComplete());
            Assert.False(writer.TryComplete());
            Assert.False(writer.TryWrite(1));
            Assert.True(clone.TrySend(1));
            Assert.False(receive.AsChannelReader().Completion.IsCompleted);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AsChannelWriter_AllReceiversClosed_ReportsTheChannelClosed()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(1);
            var writer = send.AsChannelWriter();
            receive.Close();

            Assert.False(writer.TryWrite(1));
            Assert.False(await writer.WaitToWriteAsync());
            var closed = await TrioAssert.ThrowsAsync<ChannelClosedException>(async () => await writer.WriteAsync(1));
            Assert.IsType<BrokenResourceException>(closed.InnerException);
        });
    }

    [Fact]
    public void WaitToWriteAsync_RendezvousWithoutReceiver_TrueOnceReceiverWaits()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(0);
            var writer = send.AsChannelWriter();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    await Trio.Sleep(1.5);
                    Assert.Equal(4, await receive.ReceiveAsync());
                });
                Assert.True(await writer.WaitToWriteAsync());
                Assert.Equal(1.5, VirtualTime.Now);
                Assert.True(writer.TryWrite(4));
            });
        });
    }

    [Fact]
    public void ReadAsync_TokenCancelledAtTwoSeconds_ThrowsOperationCanceledThenAndTakesNothing()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(1);
            using var source = new CancellationTokenSource(TimeSpan.FromSeconds(2), Trio.CurrentClock);
            var reader = receive.AsChannelReader();

            var error = await TrioAssert.ThrowsAsync<OperationCanceledException>(async () => await reader.ReadAsync(source.Token));
            Assert.Equal(source.Token, error.CancellationToken);
            Assert.Equal(2.0, VirtualTime.Now);
            Assert.Equal(0, receive.Statistics.TasksWaitingReceive);

            send.TrySend(3);
            Assert.Equal(3, await reader.ReadAsync());
        });
    }

    [Fact]
    public void WriteAsync_TokenAlreadyCancelled_ThrowsWithoutSending()
    {
        VirtualTime.Run(async () =>
        {
            var (send, receive) = MemoryChannel.Create<int>(1);
            using var source = new CancellationTokenSource();
            await source.CancelAsync();

            await TrioAssert.ThrowsAnyAsync<OperationCanceledException>(async () => await send.AsChannelWriter().WriteAsync(1, source.Token));
            Assert.Equal(0, receive.Statistics.CurrentBufferUsed);
        });
    }

    [Fact]
    public void WaitToReadAsync_AmbientScopeCancelled_RaisesCancelled()
    {
        VirtualTime.Run(async () =>
        {
            var (_, receive) = MemoryChannel.Create<int>(1);
            var scope = await Trio.MoveOnAfter(1, async () => await receive.AsChannelReader().WaitToReadAsync());

            Assert.True(scope.CancelledCaught);
            Assert.Equal(1.0, VirtualTime.Now);
        });
    }

    // BCL-style code, written against System.Threading.Channels only.
    private static async Task ProduceWithWriteAsync(ChannelWriter<int> writer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await writer.WriteAsync(i);
        }

        writer.Complete();
    }

    private static async Task ProduceWithWaitToWriteAsync(ChannelWriter<int> writer, int count)
    {
        var next = 0;
        while (next < count && await writer.WaitToWriteAsync())
        {
            while (next < count && writer.TryWrite(next))
            {
                next++;
            }
        }

        writer.Complete();
    }

    private static async Task<List<int>> ConsumeWithReadAllAsync(ChannelReader<int> reader)
    {
        var items = new List<int>();
        await foreach (var item in reader.ReadAllAsync())
        {
            items.Add(item);
        }

        return items;
    }

    private static async Task<List<int>> ConsumeWithWaitToReadAsync(ChannelReader<int> reader)
    {
        var items = new List<int>();
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var item))
            {
                items.Add(item);
            }
        }

        return items;
    }
}
