namespace TrioSharp.Tests.Runtime;

/// <summary>
/// Every primitive refuses to be used from another thread with a clear <see cref="InvalidOperationException"/>,
/// and the refused call leaves the primitive and the loop as they were.
/// </summary>
public class PrimitiveThreadCheckTests
{
    private static readonly Dictionary<string, Func<Primitives, Task>> Calls = new()
    {
        ["MemorySendChannel.SendAsync"] = p => p.Send.SendAsync(1).AsTask(),
        ["MemorySendChannel.TrySend"] = p => Task.FromResult(p.Send.TrySend(1)),
        ["MemorySendChannel.Clone"] = p => Task.FromResult(p.Send.Clone()),
        ["MemorySendChannel.Close"] = p => Run(p.Send.Close),
        ["MemoryReceiveChannel.ReceiveAsync"] = p => p.Receive.ReceiveAsync().AsTask(),
        ["MemoryReceiveChannel.TryReceive"] = p => Task.FromResult(p.Receive.TryReceive(out _)),
        ["MemoryReceiveChannel.Close"] = p => Run(p.Receive.Close),
        ["CapacityLimiter.AcquireAsync"] = p => p.Limiter.AcquireAsync().AsTask(),
        ["CapacityLimiter.TryAcquire"] = p => Task.FromResult(p.Limiter.TryAcquire()),
        ["CapacityLimiter.Release"] = p => Run(p.Limiter.Release),
        ["CapacityLimiter.TotalTokens"] = p => Run(() => p.Limiter.TotalTokens = 5),
        ["TrioSemaphore.AcquireAsync"] = p => p.Semaphore.AcquireAsync().AsTask(),
        ["TrioSemaphore.TryAcquire"] = p => Task.FromResult(p.Semaphore.TryAcquire()),
        ["TrioSemaphore.Release"] = p => Run(p.Semaphore.Release),
        ["TrioLock.AcquireAsync"] = p => p.Lock.AcquireAsync().AsTask(),
        ["TrioLock.TryAcquire"] = p => Task.FromResult(p.Lock.TryAcquire()),
        ["TrioLock.Release"] = p => Run(p.Lock.Release),
        ["TrioEvent.Set"] = p => Run(p.Event.Set),
        ["TrioEvent.WaitAsync"] = p => p.Event.WaitAsync().AsTask(),
    };

    public static TheoryData<string> Apis => [.. Calls.Keys];

    [Theory]
    [MemberData(nameof(Apis))]
    public void Primitive_UsedFromAnotherThread_ThrowsNamingTheApiAndChangesNothing(string api)
    {
        VirtualTime.Run(async () =>
        {
            var primitives = new Primitives();
            await primitives.HoldAsync();

            var error = await TrioAssert.ThrowsAsync<InvalidOperationException>(() => Task.Run(() => Calls[api](primitives)));

            Assert.StartsWith($"{api} must be called inside Trio.Run, on the loop's thread", error.Message, StringComparison.Ordinal);
            await primitives.AssertUnchangedAndUsableAsync();
        });
    }

    [Theory]
    [MemberData(nameof(Apis))]
    public void Primitive_UsedByAnotherRunningLoop_ThrowsNamingTheApiAndChangesNothing(string api)
    {
        VirtualTime.Run(async () =>
        {
            var primitives = new Primitives();
            await primitives.HoldAsync();
            await primitives.BindChannelAndEventAsync();

            // A second loop on a thread-pool thread, while this one runs (awaiting it as outside work).
            var error = await TrioAssert.ThrowsAsync<InvalidOperationException>(
                () => Task.Run(() => Trio.Run(() => Calls[api](primitives), new TrioRunOptions { Clock = new VirtualClock() })));

            Assert.StartsWith($"{api}: this primitive belongs to another Trio.Run loop", error.Message, StringComparison.Ordinal);
            await primitives.AssertUnchangedAndUsableAsync();
        });
    }

    [Fact]
    public void Primitive_UsedByALoopAfterAnotherEnded_Works()
    {
        var limiter = new CapacityLimiter(1);
        var (send, receive) = MemoryChannel.Create<int>(1);

        VirtualTime.Run(async () =>
        {
            using (await limiter.AcquireScopeAsync())
            {
                await send.SendAsync(1);
            }
        });
        var received = VirtualTime.Run(async () =>
        {
            using (await limiter.AcquireScopeAsync())
            {
                return await receive.ReceiveAsync();
            }
        });

        Assert.Equal(1, received);
    }

    private static Task Run(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    /// <summary>One of each primitive, with every acquirable one held by the test's task.</summary>
    private sealed class Primitives
    {
        public Primitives() => (Send, Receive) = MemoryChannel.Create<int>(1);

        public MemorySendChannel<int> Send { get; }

        public MemoryReceiveChannel<int> Receive { get; }

        public CapacityLimiter Limiter { get; } = new(1);

        public TrioSemaphore Semaphore { get; } = new(1, 1);

        public TrioLock Lock { get; } = new();

        public TrioEvent Event { get; } = new();

        public async Task HoldAsync()
        {
            await Limiter.AcquireAsync();
            await Semaphore.AcquireAsync();
            await Lock.AcquireAsync();
        }

        /// <summary>Uses the channel and the event on this loop without changing them (the acquirable ones are held).</summary>
        public async Task BindChannelAndEventAsync()
        {
            Assert.False(Receive.TryReceive(out _));
            await Trio.MoveOnAfter(0, () => Event.WaitAsync().AsTask());
        }

        public async Task AssertUnchangedAndUsableAsync()
        {
            Assert.Equal(new MemoryChannelStatistics(0, 1, 1, 1, 0, 0, 0), Send.Statistics);
            Assert.Equal(1, Limiter.BorrowedTokens);
            Assert.Equal(0, Semaphore.Value);
            Assert.True(Lock.Locked);
            Assert.False(Event.IsSet);

            Limiter.Release();
            Semaphore.Release();
            Lock.Release();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(async () =>
                {
                    using (await Limiter.AcquireScopeAsync())
                    using (await Semaphore.AcquireScopeAsync())
                    using (await Lock.AcquireScopeAsync())
                    {
                        await Send.SendAsync(7);
                    }

                    Event.Set();
                });

                Assert.Equal(7, await Receive.ReceiveAsync());
                await Event.WaitAsync();
            });

            await Trio.Sleep(1);
            Assert.Equal(1.0, VirtualTime.Now);
        }
    }
}
