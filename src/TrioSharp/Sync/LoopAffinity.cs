namespace TrioSharp;

/// <summary>Checks that a synchronous operation on a primitive runs on a loop's thread.</summary>
/// <remarks>
/// Operations that need no task identity (close, set, release, the non-blocking tries) may also run in a timer
/// or token callback on the loop; operations that wait or record an owner use <see cref="Trio.CurrentTask"/>.
/// </remarks>
internal static class LoopAffinity
{
    /// <summary>Throws a message naming <paramref name="api"/> unless the caller is on a running loop's thread.</summary>
    internal static void Check(string api)
    {
        if (Runner.Current is null)
        {
            throw new InvalidOperationException(
                $"{api} must be called inside Trio.Run, on the loop's thread: TrioSharp channels and locks belong to "
                + "one loop and are not thread-safe. Avoid ConfigureAwait(false) and Task.Run around this call; "
                + "to signal the loop from another thread, post to it.");
        }
    }
}
