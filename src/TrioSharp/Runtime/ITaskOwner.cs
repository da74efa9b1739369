namespace TrioSharp;

/// <summary>Receives the outcome of a task when it exits: a nursery, a pending start, or the run itself.</summary>
internal interface ITaskOwner
{
    /// <summary>Called once, on the loop thread, when <paramref name="task"/> has exited.</summary>
    void OnTaskExit(TrioTask task, Exception? error);

    /// <summary>The task that started the tasks this owner owns (a nursery's parent, a start's caller), or null.</summary>
    /// <remarks>Derived here rather than stored in every task: spawning stays as cheap as it was before the task tree.</remarks>
    TrioTask? ParentOfOwned => null;
}
