namespace TrioSharp.Tests;

/// <summary>
/// Runs a test program through the entry point chosen for this test run: <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/>
/// by default, <see cref="Trio.RunAsync(Func{Task}, TrioRunOptions?)"/> when the environment variable
/// <c>TRIOSHARP_TEST_ENTRY</c> is <c>async</c>. CI runs the suite both ways, so every contract, property and
/// semantics test holds under both entries.
/// </summary>
internal static class TestEntry
{
    public static bool IsAsync { get; } =
        string.Equals(Environment.GetEnvironmentVariable("TRIOSHARP_TEST_ENTRY"), "async", StringComparison.OrdinalIgnoreCase);

    public static void Run(Func<Task> main, TrioRunOptions? options = null)
    {
        if (IsAsync)
        {
            Trio.RunAsync(main, options).GetAwaiter().GetResult();
        }
        else
        {
            Trio.Run(main, options);
        }
    }

    public static T Run<T>(Func<Task<T>> main, TrioRunOptions? options = null) =>
        IsAsync ? Trio.RunAsync(main, options).GetAwaiter().GetResult() : Trio.Run(main, options);
}
