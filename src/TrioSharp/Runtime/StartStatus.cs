namespace TrioSharp;

/// <summary>
/// Handed to a function started with <see cref="Nursery.StartAsync(Func{StartStatus, Task}, string?)"/>: call
/// <see cref="Started()"/> once the function is ready, and the starter's call returns.
/// </summary>
public abstract class StartStatus
{
    private protected StartStatus()
    {
    }

    /// <summary>A status whose Started() does nothing, for calling a startable function directly.</summary>
    /// <typeparam name="T">The type of the value Started() takes.</typeparam>
    /// <returns>A status that ignores Started().</returns>
    public static StartStatus<T> Ignored<T>() => new(null);

    /// <summary>
    /// Reports that the function is ready: it moves into the target nursery and the starter resumes. If the
    /// starter is being cancelled, this does nothing and the function stays under the starter.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called a second time.</exception>
    public abstract void Started();
}
