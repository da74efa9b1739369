namespace TrioSharp;

/// <summary>Opens memory channels: Trio's <c>open_memory_channel</c>, a FIFO queue between tasks of one loop.</summary>
/// <remarks>
/// A channel may be created anywhere (even before <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/>), but its
/// handles must be used on the loop's thread, by one loop at a time.
/// </remarks>
public static class MemoryChannel
{
    /// <summary>
    /// Opens a channel that buffers up to <paramref name="capacity"/> items; 0 makes a rendezvous channel, where
    /// every send waits for a receiver to take the item.
    /// </summary>
    /// <returns>The first send handle and the first receive handle; deconstruct with <c>var (send, receive) = ...</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    /// <param name="capacity">How many items the buffer holds: 0 for a rendezvous channel, where a send waits for a receive.</param>
    public static (MemorySendChannel<T> Sender, MemoryReceiveChannel<T> Receiver) Create<T>(int capacity)
    {
        if (capacity < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(capacity),
                capacity,
                $"A memory channel's capacity must be 0 (rendezvous) or more; got {capacity}. For no limit, use MemoryChannel.CreateUnbounded.");
        }

        return Open(new MemoryChannelState<T>(capacity, unbounded: false));
    }

    /// <summary>Opens a channel whose buffer has no limit, so sends never wait (Trio's <c>math.inf</c> capacity).</summary>
    /// <returns>The first send handle and the first receive handle; deconstruct with <c>var (send, receive) = ...</c>.</returns>
    public static (MemorySendChannel<T> Sender, MemoryReceiveChannel<T> Receiver) CreateUnbounded<T>() =>
        Open(new MemoryChannelState<T>(0, unbounded: true));

    private static (MemorySendChannel<T>, MemoryReceiveChannel<T>) Open<T>(MemoryChannelState<T> state) =>
        (new MemorySendChannel<T>(state), new MemoryReceiveChannel<T>(state));
}
