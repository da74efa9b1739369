namespace TrioSharp;

/// <summary>
/// Implemented by every library wait that a cancellation can interrupt.
/// </summary>
internal interface IAbortable
{
    /// <summary>
    /// Withdraws <paramref name="task"/> from this wait because its cancel scope was cancelled.
    /// </summary>
    /// <returns>
    /// <see langword="true"/> when the task no longer waits here and may be woken with
    /// <see cref="Cancelled"/>; <see langword="false"/> when the wait must finish by itself
    /// (a nursery join, which instead waits for its cancelled children).
    /// </returns>
    bool TryAbort(TrioTask task);
}
