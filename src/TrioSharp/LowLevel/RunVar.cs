namespace TrioSharp.LowLevel;

/// <summary>
/// A variable with one value per run (Trio's <c>trio.lowlevel.RunVar</c>): state a library keeps for the run that
/// uses it, such as a cache or a default limiter, which a later or concurrent run on another thread never sees.
/// </summary>
/// <remarks>Read and written on the loop's thread, from a task or a callback of the run.</remarks>
/// <typeparam name="T">The value's type.</typeparam>
[System.Diagnostics.DebuggerDisplay("RunVar '{Name,nq}'")]
public sealed class RunVar<T>
{
    private readonly bool _hasDefault;
    private readonly T _default = default!;

    /// <summary>Creates a variable that has no value in a run until it is set.</summary>
    /// <param name="name">The variable's name, for messages.</param>
    public RunVar(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
    }

    /// <summary>Creates a variable whose value is <paramref name="defaultValue"/> in every run until it is set.</summary>
    /// <param name="name">The variable's name, for messages.</param>
    /// <param name="defaultValue">The value before the run sets one.</param>
    public RunVar(string name, T defaultValue)
        : this(name)
    {
        _hasDefault = true;
        _default = defaultValue;
    }

    /// <summary>The variable's name.</summary>
    public string Name { get; }

    /// <summary>The value in the current run: the one last set, else the default.</summary>
    /// <exception cref="InvalidOperationException">Not on a loop's thread, or (get) the run has not set it and it has no default.</exception>
    public T Value
    {
        get => TryGetValue(out var value)
            ? value
            : throw new InvalidOperationException(
                $"RunVar '{Name}' has no value in this run and no default; set it first, or construct it with a default.");
        set => Trio.CurrentRunner($"RunVar '{Name}'").RunVars[this] = value;
    }

    /// <summary>Reads the value in the current run, without throwing when there is none.</summary>
    /// <param name="value">The value last set in this run, else the default, else <c>default(T)</c>.</param>
    /// <returns>Whether the run has a value (set, or a default).</returns>
    /// <exception cref="InvalidOperationException">Not on a loop's thread.</exception>
    public bool TryGetValue(out T value)
    {
        if (Trio.CurrentRunner($"RunVar '{Name}'").RunVars.TryGetValue(this, out var stored))
        {
            value = (T)stored!;
            return true;
        }

        value = _default;
        return _hasDefault;
    }

    /// <summary>Forgets the value set in the current run: reads see the default again (or fail without one).</summary>
    /// <exception cref="InvalidOperationException">Not on a loop's thread.</exception>
    public void Reset() => Trio.CurrentRunner($"RunVar '{Name}'").RunVars.Remove(this);

    /// <summary>The variable as messages name it.</summary>
    /// <returns><c>RunVar 'name'</c>.</returns>
    public override string ToString() => $"RunVar '{Name}'";
}
