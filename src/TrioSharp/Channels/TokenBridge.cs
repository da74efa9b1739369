namespace TrioSharp;

/// <summary>Lets a <see cref="CancellationToken"/> from BCL-style code cancel a TrioSharp wait.</summary>
internal static class TokenBridge
{
    /// <summary>
    /// Runs <paramref name="operation"/> in a cancel scope that <paramref name="token"/> cancels, and reports that
    /// cancellation the BCL way, as an <see cref="OperationCanceledException"/> carrying the token.
    /// </summary>
    /// <remarks>
    /// The token may fire on any thread, so its callback posts the cancellation to the waiting task; a completed
    /// operation is never reported as cancelled.
    /// </remarks>
    internal static async ValueTask<TResult> RunAsync<TResult>(TrioTask task, Func<ValueTask<TResult>> operation, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        if (!token.CanBeCanceled)
        {
            return await operation();
        }

        var scope = new CancelScope();
        TResult result = default!;
        using (token.UnsafeRegister(
            static state =>
            {
                var (context, s) = ((TrioTask, CancelScope))state!;
                context.Post(static x => ((CancelScope)x!).Cancel(), s);
            },
            (task, scope)))
        {
            await scope.RunAsync(async () => result = await operation());
        }

        if (scope.CancelledCaught)
        {
            throw new OperationCanceledException(token);
        }

        return result;
    }
}
