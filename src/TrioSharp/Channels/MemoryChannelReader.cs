using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace TrioSharp;

/// <summary>A <see cref="ChannelReader{T}"/> over one receive handle, for code written against the BCL's channels.</summary>
/// <remarks>
/// The end of the channel is reported the BCL way: <see cref="ReadAsync"/> raises
/// <see cref="ChannelClosedException"/> and <see cref="WaitToReadAsync"/> returns false (or raises the error a
/// writer adapter completed the channel with). Waits are cancel points of the ambient scope and are also withdrawn
/// by their token (as an <see cref="OperationCanceledException"/> carrying it). They resume on the loop even when
/// awaited with <c>ConfigureAwait(false)</c>, as the BCL's own <see cref="ChannelReader{T}.ReadAllAsync"/> does;
/// only <see cref="Completion"/>, a <see cref="Task"/>, leaves the loop under <c>ConfigureAwait(false)</c>.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class MemoryChannelReader<T> : ChannelReader<T>
{
    private readonly MemoryReceiveChannel<T> _receiver;
    private readonly MemoryChannelState<T> _state;
    private readonly Func<Exception?, Exception> _translate;

    internal MemoryChannelReader(MemoryReceiveChannel<T> receiver, MemoryChannelState<T> state)
    {
        _receiver = receiver;
        _state = state;
        _translate = error => error ?? EndError();
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
        _state.Loop.Check("ChannelReader.TryRead (memory channel)");
        _receiver.ThrowIfClosed();
        return _state.TryTake(out item!);
    }

    /// <inheritdoc/>
    public override bool TryPeek([MaybeNullWhen(false)] out T item)
    {
        _state.Loop.Check("ChannelReader.TryPeek (memory channel)");
        _receiver.ThrowIfClosed();
        return _state.TryPeek(out item!);
    }

    /// <inheritdoc/>
    public override ValueTask<T> ReadAsync(CancellationToken cancellationToken = default)
    {
        var task = _state.Loop.Task("ChannelReader.ReadAsync (memory channel)");
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        var node = _receiver.BeginReceive(task, out var value, out var ended);
        if (node is null)
        {
            return ended ? ValueTask.FromException<T>(EndError()) : new ValueTask<T>(value);
        }

        node.Translate = _translate;
        node.CancelWith(cancellationToken);
        return node.Awaitable;
    }

    /// <inheritdoc/>
    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        var task = _state.Loop.Task("ChannelReader.WaitToReadAsync (memory channel)");
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        var waiters = _state.DataWaiters ??= new();
        if (task.IsEffectivelyCancelled)
        {
            return waiters.Yield(task, false, checkCancel: true).Awaitable;
        }

        _receiver.ThrowIfClosed();
        if (_state.BufferUsed > 0 || _state.Senders.Count > 0)
        {
            return new ValueTask<bool>(true);
        }

        if (_state.HasEnded)
        {
            return _state.CompletionError is null ? new ValueTask<bool>(false) : ValueTask.FromException<bool>(EndError());
        }

        var node = waiters.Park(task, "ChannelReader.WaitToReadAsync (memory channel)", false, _receiver);
        node.CancelWith(cancellationToken);
        return node.Awaitable;
    }

    private ChannelClosedException EndError() =>
        _state.CompletionError is { } error ? new ChannelClosedException(error) : new ChannelClosedException();
}
