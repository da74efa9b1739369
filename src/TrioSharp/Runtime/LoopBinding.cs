namespace TrioSharp;

/// <summary>
/// Ties a primitive to the loop that uses it: a second loop, running on another thread at the same time, is refused
/// with a clear error instead of racing the first. Once the first run has ended, another loop may take it over.
/// </summary>
/// <remarks>A mutable struct: keep it in a primitive's field (not readonly) and call it there.</remarks>
internal struct LoopBinding
{
    private Runner? _runner;

    /// <summary>The current task, once the caller is known to be a task of the loop that may use the primitive.</summary>
    /// <exception cref="InvalidOperationException">Not in a TrioSharp task, or the primitive belongs to another running loop.</exception>
    internal TrioTask Task(string api)
    {
        var task = Trio.CurrentTask(api);
        Bind(task.Runner, api);
        return task;
    }

    /// <summary>Checks that the caller is on the loop that may use the primitive (a task or a callback of that loop).</summary>
    /// <exception cref="InvalidOperationException">Not on a loop's thread, or the primitive belongs to another running loop.</exception>
    /// <remarks>Unlike <see cref="Task"/>, this also admits a timer or token callback of the loop: closing, setting,
    /// releasing and the non-blocking tries need no task identity.</remarks>
    internal void Check(string api)
    {
        var current = Runner.Current ?? throw new InvalidOperationException(
            $"{api} must be called inside Trio.Run, on the loop's thread: TrioSharp channels and locks belong to "
            + "one loop and are not thread-safe. Avoid ConfigureAwait(false) and Task.Run around this call; "
            + "to signal the loop from another thread, post to it.");
        Bind(current, api);
    }

    private void Bind(Runner current, string api)
    {
        if (ReferenceEquals(_runner, current))
        {
            return;
        }

        if (_runner is { IsFinished: false })
        {
            throw new InvalidOperationException(
                $"{api}: this primitive belongs to another Trio.Run loop, still running on another thread. TrioSharp "
                + "channels and locks serve one loop at a time and are not thread-safe; give each loop its own, or "
                + "hand values between loops through a thread-safe System.Threading.Channels channel.");
        }

        _runner = current;
    }
}
