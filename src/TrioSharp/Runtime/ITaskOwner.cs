namespace TrioSharp;

/// <summary>Receives the outcome of a task when it exits: a nursery, a pending start, or the run itself.</summary>
internal interface ITaskOwner
{
    /// <summary>Called once, on the loop thread, when <paramref name="task"/> has exited.</summary>
    void OnTaskExit(TrioTask task, Exception? error);
}
