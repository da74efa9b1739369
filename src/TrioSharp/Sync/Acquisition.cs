namespace TrioSharp;

/// <summary>
/// What a successful <c>AcquireScopeAsync</c> holds: disposing it releases the semaphore unit, limiter token or
/// lock, so <c>using (await x.AcquireScopeAsync()) { ... }</c> releases on every way out of the block.
/// </summary>
/// <remarks>Dispose it once, in the task that acquired it; the default value releases nothing.</remarks>
public readonly struct Acquisition : IDisposable, IEquatable<Acquisition>
{
    private readonly IReleasable? _primitive;
    private readonly object? _borrower;

    internal Acquisition(IReleasable primitive, object? borrower)
    {
        _primitive = primitive;
        _borrower = borrower;
    }

    /// <summary>Compares two acquisitions by primitive and borrower.</summary>
    public static bool operator ==(Acquisition left, Acquisition right) => left.Equals(right);

    /// <summary>Compares two acquisitions by primitive and borrower.</summary>
    public static bool operator !=(Acquisition left, Acquisition right) => !left.Equals(right);

    /// <summary>Releases what was acquired. Synchronous; not a checkpoint.</summary>
    /// <exception cref="InvalidOperationException">The release is not allowed (see the primitive's Release), or runs off the loop's thread.</exception>
    public void Dispose() => _primitive?.Release(_borrower);

    /// <inheritdoc/>
    public bool Equals(Acquisition other) => _primitive == other._primitive && Equals(_borrower, other._borrower);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Acquisition other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_primitive, _borrower);
}
