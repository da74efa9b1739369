using System.Diagnostics;

namespace TrioSharp;

/// <summary>
/// Raised by the Debug build's invariant checks: the library's own state broke a rule the design states, which is a
/// bug in TrioSharp, not in the program using it.
/// </summary>
/// <remarks>
/// Every check is <c>[Conditional("DEBUG")]</c>: a Release build of the library compiles none of them (not even the
/// evaluation of their arguments), and the Debug build the tests use runs all of them.
/// </remarks>
internal sealed class InvariantViolation : Exception
{
    private InvariantViolation(string message)
        : base($"TrioSharp invariant violated: {message} This is a bug in TrioSharp; please report it with the program.")
    {
    }

    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    [Conditional("DEBUG")]
    internal static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvariantViolation(message);
        }
    }
}
