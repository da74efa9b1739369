using System.Threading.Channels;

namespace TrioSharp;

/// <summary>A <see cref="ChannelWriter{T}"/> over one send handle, for code written against the BCL's channels.</summary>
/// <remarks>
/// <see cref="TryComplete"/> closes the handle (the channel ends when every send handle is closed); an error
/// passed to it is reported by reader adapters. A closed handle or a broken channel is reported the BCL way:
/// <see cref="TryWrite"/> and <see cref="WaitToWriteAsync"/> return false and <see cref="WriteAsync"/> raises
/// <see cref="ChannelClosedException"/>. Waits are cancel points of the ambient scope, are also withdrawn by their
/// token, and resume on the loop even when awaited with <c>ConfigureAwait(false)</c>.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class MemoryChannelWriter<T> : ChannelWriter<T>
{
    private static readonly Func<Exception?, Exception> s_translate = static error =>
        error is ClosedResourceException or BrokenResourceException ? new ChannelClosedException(error) : error!;

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
        _state.Loop.Check("ChannelWriter.TryComplete (memory channel)");
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
        _state.Loop.Check("ChannelWriter.TryWrite (memory channel)");
        return !IsUnusable && _state.TryDeliver(item);
    }

    /// <inheritdoc/>
    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default)
    {
        var task = _state.Loop.Task("ChannelWriter.WaitToWriteAsync (memory channel)");
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        var waiters = _state.SpaceWaiters ??= new();
        if (task.IsEffectivelyCancelled)
        {
            return waiters.Yield(task, false, checkCancel: true).Awaitable;
        }

        if (IsUnusable)
        {
            return new ValueTask<bool>(false);
        }

        if (_state.Receivers.Count > 0 || _state.BufferUsed < _state.Capacity)
        {
            return new ValueTask<bool>(true);
        }

        var node = waiters.Park(task, "ChannelWriter.WaitToWriteAsync (memory channel)", false, _sender);
        node.CancelWith(cancellationToken);
        return node.Awaitable;
    }

    /// <inheritdoc/>
    public override ValueTask WriteAsync(T item, CancellationToken cancellationToken = default)
    {
        var task = _state.Loop.Task("ChannelWriter.WriteAsync (memory channel)");
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (_sender.UnusableError() is { } error)
        {
            return ValueTask.FromException(new ChannelClosedException(error));
        }

        return _sender.SendCore(task, item, s_translate, cancellationToken);
    }
}
