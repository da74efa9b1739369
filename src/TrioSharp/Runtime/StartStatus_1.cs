namespace TrioSharp;

/// <summary>
/// Handed to a function started with <see cref="Nursery.StartAsync{T}(Func{StartStatus{T}, Task}, string?)"/>:
/// call <see cref="Started(T)"/> with a value once ready, and the starter's call returns that value.
/// </summary>
/// <typeparam name="T">The type of the value handed to the starter.</typeparam>
public sealed class StartStatus<T> : StartStatus
{
    private readonly IStartTarget<T>? _target;

    internal StartStatus(IStartTarget<T>? target) => _target = target;

    /// <summary>
    /// Reports that the function is ready and hands <paramref name="value"/> to the starter; see
    /// <see cref="StartStatus.Started()"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called a second time.</exception>
    /// <param name="value">The value the caller of <c>StartAsync</c> receives.</param>
    public void Started(T value) => _target?.Started(value);

    /// <inheritdoc/>
    public override void Started() => Started(default!);
}
