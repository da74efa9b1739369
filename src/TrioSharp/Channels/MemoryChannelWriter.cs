using System.Threading.Channels;

namespace TrioSharp;

/// <summary>A <see cref="ChannelWriter{T}"/> over one send handle, for code written against the BCL's channels.</summary>
/// <remarks>
/// <see cref="TryComplete"/> closes the handle (the channel ends when every send handle is closed); an error
/// passed to it is reported by reader adapters. A closed handle or a broken channel is reported the BCL way:
/// <see cref="TryWrite"/> and <see cref="WaitToWriteAsync"/> return false and <see cref="WriteAsync"/> raises
/// <see cref="ChannelClosedException"/>. Waits are checkpoints of the ambient scope and also honour their token.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class MemoryChannelWriter<T> : ChannelWriter<T>
{
    private readonly MemorySendChannel<T> _sender;
    private readonly MemoryChannelState<T> _state;

    internal MemoryChannelWriter(MemorySendChannel<T> sender, MemoryChannelState<T> state)
    {
        _sender = sender;
        _state = state;
    }

    private bool IsUnusable => _sender.IsClosed || _state.OpenReceivers == 0;

    /// <inheritdoc/>
    public override bool TryComplete(Exception? error = null)
    {
        LoopAffinity.Check("ChannelWriter.TryComplete (memory channel)");
        if (_sender.IsClosed)
        {
            return false;
        }

        if (error is not null)
        {
            _state.CompletionError ??= error;
        }

        _sender.Close();
        return true;
    }

    /// <inheritdoc/>
    public override bool TryWrite(T item)
    {
        LoopAffinity.Check("ChannelWriter.TryWrite (memory channel)");
        return !IsUnusable && _state.TryDeliver(item);
    }

    /// <inheritdoc/>
    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default)
    {
        var task = Trio.CurrentTask("ChannelWriter.WaitToWriteAsync (memory channel)");
        return TokenBridge.RunAsync(task, () => WaitForRoom(task), cancellationToken);
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(T item, CancellationToken cancellationToken = default)
    {
        var task = Trio.CurrentTask("ChannelWriter.WriteAsync (memory channel)");
        try
        {
            await TokenBridge.RunAsync(
                task,
                async () =>
                {
                    await _sender.SendAsync(item);
                    return true;
                },
                cancellationToken);
        }
        catch (Exception e) when (e is ClosedResourceException or BrokenResourceException)
        {
            throw new ChannelClosedException(e);
        }
    }

    private ValueTask<bool> WaitForRoom(TrioTask task)
    {
        if (task.IsEffectivelyCancelled)
        {
            return (_state.SpaceWaiters ??= new()).Yield(task, false, checkCancel: true).Awaitable;
        }

        if (IsUnusable)
        {
            return new ValueTask<bool>(false);
        }

        if (_state.Receivers.Count > 0 || _state.BufferUsed < _state.Capacity)
        {
            return new ValueTask<bool>(true);
        }

        return (_state.SpaceWaiters ??= new()).Park(task, "ChannelWriter.WaitToWriteAsync (memory channel)", false, _sender).Awaitable;
    }
}
