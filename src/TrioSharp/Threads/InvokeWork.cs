namespace TrioSharp;

/// <summary>A <see cref="TrioToken.InvokeAsync{T}(Func{T})"/> callback, whose caller awaits its result.</summary>
/// <typeparam name="T">The callback's result.</typeparam>
internal sealed class InvokeWork<T>(Func<T> callback) : IExternalWork
{
    // The caller is on another thread: its continuation must not run inline on the loop.
    private readonly TaskCompletionSource<T> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The callback's result or exception.</summary>
    internal Task<T> Outcome => _outcome.Task;

    /// <inheritdoc/>
    public void Run(Runner runner)
    {
        try
        {
            _outcome.TrySetResult(callback());
        }
        catch (Exception e)
        {
            _outcome.TrySetException(e);
        }
    }

    /// <inheritdoc/>
    public void Refuse(Exception reason) => _outcome.TrySetException(reason);
}
