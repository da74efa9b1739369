namespace TrioSharp;

/// <summary>
/// Limits how many borrowers use a resource at once (Trio's <c>CapacityLimiter</c>): a semaphore whose tokens
/// are tracked by borrower, one token per borrower, with an adjustable total.
/// </summary>
/// <remarks>
/// <para>
/// The borrower is the current task unless given (<see cref="AcquireOnBehalfOfAsync"/>); any object works, and
/// the same object must release. Releases hand tokens straight to the longest waiters, and
/// <see cref="TryAcquire"/> fails whenever anyone waits, so the releaser cannot barge back in.
/// </para>
/// <para>
/// Checkpoints: the <c>Acquire*Async</c> methods always are, as in Trio; the <c>TryAcquire*</c> and
/// <c>Release*</c> methods and setting <see cref="TotalTokens"/> are synchronous and never let another task run.
/// All members must be used on the loop's thread.
/// </para>
/// </remarks>
[System.Diagnostics.DebuggerDisplay("CapacityLimiter {BorrowedTokens}/{_totalTokens} borrowed, {_waiters.Count} waiting")]
public sealed class CapacityLimiter : IReleasable
{
    private LoopBinding _loop;

    private const string WaitDescription = "CapacityLimiter.AcquireAsync (waiting for a token)";

    private readonly WaitQueue<Acquisition> _waiters = new();
    private readonly HashSet<object> _borrowers = [];
    private int _totalTokens;

    /// <summary>Creates a limiter with <paramref name="totalTokens"/> tokens (0 makes every acquire wait).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalTokens"/> is negative.</exception>
    /// <param name="totalTokens">How many tokens the limiter has, one or more.</param>
    public CapacityLimiter(int totalTokens) => _totalTokens = CheckTotal(totalTokens, nameof(totalTokens));

    /// <summary>
    /// The limit. Raising it grants tokens to waiters at once, in FIFO order; lowering it below
    /// <see cref="BorrowedTokens"/> takes nothing back, it only stops new grants until enough are released.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is negative.</exception>
    /// <exception cref="InvalidOperationException">Set off the loop's thread.</exception>
    public int TotalTokens
    {
        get => _totalTokens;
        set
        {
            _loop.Check("CapacityLimiter.TotalTokens");
            _totalTokens = CheckTotal(value, nameof(value));
            GrantToWaiters();
        }
    }

    /// <summary>Tokens held now.</summary>
    public int BorrowedTokens => _borrowers.Count;

    /// <summary>Tokens free now (0 when the limit was lowered below what is held).</summary>
    public int AvailableTokens => Math.Max(0, _totalTokens - _borrowers.Count);

    /// <summary>A snapshot of the holders and waiters.</summary>
    public CapacityLimiterStatistics Statistics => new(_borrowers.Count, _totalTokens, [.. _borrowers], _waiters.Count);

    /// <summary>Takes a token for the current task, waiting in FIFO order while there is none. A checkpoint.</summary>
    /// <remarks>
    /// In an already-cancelled scope, raises <see cref="Cancelled"/> without taking a token. A token taken at once is
    /// followed by a schedule point that never raises; a cancelled wait leaves no trace.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The current task already holds a token of this limiter, or the call is outside a TrioSharp task.</exception>
    /// <exception cref="Cancelled">The current scope was cancelled; no token was taken.</exception>
    /// <returns>A wait that completes once the current task holds a token.</returns>
    public ValueTask AcquireAsync() => BeginAcquire("CapacityLimiter.AcquireAsync", null).VoidAwaitable;

    /// <summary>Takes a token for <paramref name="borrower"/>, waiting in FIFO order while there is none. A checkpoint.</summary>
    /// <param name="borrower">Who will hold the token, compared with <see cref="object.Equals(object)"/>; it must release it.</param>
    /// <exception cref="InvalidOperationException"><paramref name="borrower"/> already holds a token of this limiter, or the call is outside a TrioSharp task.</exception>
    /// <exception cref="Cancelled">The current scope was cancelled; no token was taken.</exception>
    /// <returns>A wait that completes once the borrower holds a token.</returns>
    public ValueTask AcquireOnBehalfOfAsync(object borrower)
    {
        ArgumentNullException.ThrowIfNull(borrower);
        return BeginAcquire("CapacityLimiter.AcquireOnBehalfOfAsync", borrower).VoidAwaitable;
    }

    /// <summary>
    /// Takes a token for the current task like <see cref="AcquireAsync"/> and returns an <see cref="Acquisition"/>
    /// that releases it when disposed: <c>using (await limiter.AcquireScopeAsync()) { ... }</c>. A checkpoint.
    /// </summary>
    /// <exception cref="InvalidOperationException">The current task already holds a token of this limiter, or the call is outside a TrioSharp task.</exception>
    /// <exception cref="Cancelled">The current scope was cancelled; no token was taken.</exception>
    /// <returns>The acquisition; disposing it releases the token.</returns>
    public ValueTask<Acquisition> AcquireScopeAsync() => BeginAcquire("CapacityLimiter.AcquireScopeAsync", null).Awaitable;

    /// <summary>Takes a token for the current task if one is free and nobody waits. Not a checkpoint.</summary>
    /// <returns>True if a token was taken.</returns>
    /// <exception cref="InvalidOperationException">The current task already holds a token, or the call is outside a TrioSharp task.</exception>
    public bool TryAcquire() => TryAcquireFor(_loop.Task("CapacityLimiter.TryAcquire"));

    /// <summary>Takes a token for <paramref name="borrower"/> if one is free and nobody waits. Not a checkpoint.</summary>
    /// <returns>True if a token was taken.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="borrower"/> already holds a token, or the call is off the loop's thread.</exception>
    /// <param name="borrower">Who holds the token: any object, compared by reference.</param>
    public bool TryAcquireOnBehalfOf(object borrower)
    {
        ArgumentNullException.ThrowIfNull(borrower);
        _loop.Check("CapacityLimiter.TryAcquireOnBehalfOf");
        return TryAcquireFor(borrower);
    }

    /// <summary>Returns the current task's token, to the longest waiter if any. Not a checkpoint.</summary>
    /// <exception cref="InvalidOperationException">The current task holds no token of this limiter, or the call is outside a TrioSharp task.</exception>
    public void Release() => ReleaseFor(_loop.Task("CapacityLimiter.Release"));

    /// <summary>Returns <paramref name="borrower"/>'s token, to the longest waiter if any. Not a checkpoint.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="borrower"/> holds no token of this limiter, or the call is off the loop's thread.</exception>
    /// <param name="borrower">Who holds the token: any object, compared by reference.</param>
    public void ReleaseOnBehalfOf(object borrower)
    {
        ArgumentNullException.ThrowIfNull(borrower);
        _loop.Check("CapacityLimiter.ReleaseOnBehalfOf");
        ReleaseFor(borrower);
    }

    /// <inheritdoc/>
    void IReleasable.Release(object? borrower) => ReleaseOnBehalfOf(borrower!);

    private static int CheckTotal(int value, string parameter) =>
        value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(parameter, value, $"A CapacityLimiter's total tokens must be 0 or more; got {value}.");

    private bool TryAcquireFor(object borrower)
    {
        if (_waiters.Count > 0 || _borrowers.Count >= _totalTokens)
        {
            ThrowIfHolding(borrower);
            return false;
        }

        // One hash lookup on the common path: the add itself says whether the borrower already held a token.
        return _borrowers.Add(borrower) ? true : throw HoldingAlready(borrower);
    }

    private void ReleaseFor(object borrower)
    {
        if (!_borrowers.Remove(borrower))
        {
            throw new InvalidOperationException(
                $"CapacityLimiter: {borrower} is not holding any of this limiter's tokens, so it cannot release one. "
                + "Release with the same borrower that acquired (the acquiring task, or the object passed to "
                + "AcquireOnBehalfOfAsync), once per acquire.");
        }

        GrantToWaiters();
    }

    private void GrantToWaiters()
    {
        while (_waiters.Count > 0 && _borrowers.Count < _totalTokens)
        {
            var node = _waiters.Dequeue();
            _borrowers.Add(node.Tag!);
            node.Task.Wake();
        }
    }

    private void ThrowIfHolding(object borrower)
    {
        if (_borrowers.Contains(borrower))
        {
            throw HoldingAlready(borrower);
        }
    }

    private static InvalidOperationException HoldingAlready(object borrower) => new(
        $"CapacityLimiter: {borrower} already holds one of this limiter's tokens, and a borrower holds at most "
        + "one. Release it first, or acquire on behalf of a different borrower.");

    /// <summary>Starts an acquire: the node the task now waits on, blocked in the queue or yielding with the token.</summary>
    private WaitNode<Acquisition> BeginAcquire(string api, object? borrower)
    {
        var task = _loop.Task(api);
        borrower ??= task;
        if (task.IsEffectivelyCancelled)
        {
            return _waiters.Yield(task, default, checkCancel: true);
        }

        task.PrepareToPark();
        var acquisition = new Acquisition(this, borrower);
        return TryAcquireFor(borrower)
            ? _waiters.Yield(task, acquisition, checkCancel: false)
            : _waiters.Park(task, WaitDescription, acquisition, borrower);
    }
}
