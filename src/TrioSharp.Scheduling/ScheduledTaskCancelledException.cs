namespace TrioSharp.Scheduling;

/// <summary>
/// Raised by <see cref="PriorityScheduler.WaitForResultAsync(int)"/> when the awaited task ended
/// <see cref="ScheduledTaskStatus.Cancelled"/>.
/// </summary>
/// <remarks>
/// Not an <see cref="OperationCanceledException"/> on purpose: the waiter was not cancelled, the task it
/// waited for was, and a cancel scope around the waiter must not mistake one for the other.
/// </remarks>
public sealed class ScheduledTaskCancelledException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ScheduledTaskCancelledException()
        : base("The scheduled task was cancelled.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">The message that explains the error.</param>
    public ScheduledTaskCancelledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    /// <param name="message">The message that explains the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ScheduledTaskCancelledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for task <paramref name="taskId"/>.</summary>
    internal ScheduledTaskCancelledException(int taskId, string name)
        : base($"Task {taskId} ('{name}') was cancelled, so it has no result.")
    {
        TaskId = taskId;
    }

    /// <summary>The id of the cancelled task, or 0 when not known.</summary>
    public int TaskId { get; }
}
