namespace TrioSharp;

/// <summary>
/// Raised at a checkpoint inside a cancelled <see cref="CancelScope"/>; the scope that caused it absorbs it.
/// </summary>
/// <remarks>
/// Only the library raises it. Let it propagate: if you must catch broadly, use
/// <c>catch (Exception e) when (e is not OperationCanceledException)</c> or rethrow it, because a swallowed
/// cancellation leaves the task running after its scope asked it to stop (the next checkpoint raises again).
/// It derives from <see cref="OperationCanceledException"/>, so BCL code treats it as cancellation too.
/// </remarks>
public sealed class Cancelled : OperationCanceledException
{
    internal Cancelled()
        : base("The task was cancelled by a TrioSharp cancel scope.")
    {
    }

    internal Cancelled(OperationCanceledException cause)
        : base("The task was cancelled by a TrioSharp cancel scope (through its CancellationToken).", cause, cause.CancellationToken)
    {
    }
}
