using System.Threading.Tasks.Sources;

namespace TrioSharp;

/// <summary>
/// <c>await foreach</c> over a receive handle: receives until the channel ends, without raising at the end.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class MemoryChannelEnumerator<T> : IAsyncEnumerator<T>, IValueTaskSource<bool>
{
    private readonly MemoryReceiveChannel<T> _receiver;
    private WaitNode<T>? _pending;

    internal MemoryChannelEnumerator(MemoryReceiveChannel<T> receiver) => _receiver = receiver;

    /// <inheritdoc/>
    public T Current { get; private set; } = default!;

    /// <inheritdoc/>
    public ValueTask<bool> MoveNextAsync()
    {
        var node = _receiver.BeginReceive(_receiver.CurrentTask("MemoryReceiveChannel (await foreach)"), out var value, out var ended);
        if (node is null)
        {
            Current = value;
            return new ValueTask<bool>(!ended);
        }

        _pending = node;
        return new ValueTask<bool>(this, node.Token);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => default;

    /// <inheritdoc/>
    public ValueTaskSourceStatus GetStatus(short token) => Pending.GetStatus(token);

    /// <inheritdoc/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        Pending.OnCompleted(continuation, state, token, flags);

    /// <inheritdoc/>
    public bool GetResult(short token)
    {
        var node = Pending;
        _pending = null;
        var hasItem = node.TakeResult(token, out var value);
        Current = value;
        return hasItem;
    }

    private WaitNode<T> Pending => _pending ?? throw new InvalidOperationException(
        "This await foreach step has already been awaited; a step can be awaited only once.");
}
