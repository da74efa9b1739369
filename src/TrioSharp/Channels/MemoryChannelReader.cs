using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace TrioSharp;

/// <summary>A <see cref="ChannelReader{T}"/> over one receive handle, for code written against the BCL's channels.</summary>
/// <remarks>
/// The end of the channel is reported the BCL way: <see cref="ReadAsync"/> raises
/// <see cref="ChannelClosedException"/> and <see cref="WaitToReadAsync"/> returns false (or raises the error a
/// writer adapter completed the channel with). Waits are checkpoints of the ambient scope and also honour their
/// token; <see cref="WaitToReadAsync"/> returns at once when an item is ready.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class MemoryChannelReader<T> : ChannelReader<T>
{
    private readonly MemoryReceiveChannel<T> _receiver;
    private readonly MemoryChannelState<T> _state;

    internal MemoryChannelReader(MemoryReceiveChannel<T> receiver, MemoryChannelState<T> state)
    {
        _receiver = receiver;
        _state = state;
    }

    /// <inheritdoc/>
    public override Task Completion => _state.Completion;

    /// <inheritdoc/>
    public override bool CanCount => true;

    /// <inheritdoc/>
    public override int Count => _state.BufferUsed;

    /// <inheritdoc/>
    public override bool CanPeek => true;

    /// <inheritdoc/>
    public override bool TryRead([MaybeNullWhen(false)] out T item)
    {
        LoopAffinity.Check("ChannelReader.TryRead (memory channel)");
        _receiver.ThrowIfClosed();
        return _state.TryTake(out item!);
    }

    /// <inheritdoc/>
    public override bool TryPeek([MaybeNullWhen(false)] out T item)
    {
        LoopAffinity.Check("ChannelReader.TryPeek (memory channel)");
        _receiver.ThrowIfClosed();
        return _state.TryPeek(out item!);
    }

    /// <inheritdoc/>
    public override async ValueTask<T> ReadAsync(CancellationToken cancellationToken = default)
    {
        var task = Trio.CurrentTask("ChannelReader.ReadAsync (memory channel)");
        try
        {
            return await TokenBridge.RunAsync(task, _receiver.ReceiveAsync, cancellationToken);
        }
        catch (EndOfChannelException e)
        {
            throw new ChannelClosedException(_state.CompletionError ?? e);
        }
    }

    /// <inheritdoc/>
    public override async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        var task = Trio.CurrentTask("ChannelReader.WaitToReadAsync (memory channel)");
        var ready = await TokenBridge.RunAsync(task, () => WaitForData(task), cancellationToken);
        if (!ready && _state.CompletionError is { } error)
        {
            throw new ChannelClosedException(error);
        }

        return ready;
    }

    private ValueTask<bool> WaitForData(TrioTask task)
    {
        if (task.IsEffectivelyCancelled)
        {
            return (_state.DataWaiters ??= new()).Yield(task, false, checkCancel: true).Awaitable;
        }

        _receiver.ThrowIfClosed();
        if (_state.BufferUsed > 0 || _state.Senders.Count > 0)
        {
            return new ValueTask<bool>(true);
        }

        if (_state.HasEnded)
        {
            return new ValueTask<bool>(false);
        }

        return (_state.DataWaiters ??= new()).Park(task, "ChannelReader.WaitToReadAsync (memory channel)", false, _receiver).Awaitable;
    }
}
