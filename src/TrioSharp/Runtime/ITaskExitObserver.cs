namespace TrioSharp;

/// <summary>A primitive that must learn when a task exits, registered in <see cref="TrioTask.ExitObservers"/>.</summary>
internal interface ITaskExitObserver
{
    /// <summary>Called on the loop thread when <paramref name="task"/> exits, before its owner learns of it.</summary>
    void OnTaskExited(TrioTask task);
}
