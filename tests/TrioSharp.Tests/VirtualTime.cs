namespace TrioSharp.Tests;

/// <summary>Runs test programs on an autojumping virtual clock and reads its time in seconds.</summary>
internal static class VirtualTime
{
    public static void Run(Func<Task> main, VirtualClock? clock = null) =>
        TestEntry.Run(main, new TrioRunOptions { Clock = clock ?? new VirtualClock() });

    public static T Run<T>(Func<Task<T>> main, VirtualClock? clock = null) =>
        TestEntry.Run(main, new TrioRunOptions { Clock = clock ?? new VirtualClock() });

    /// <summary>The loop's time in seconds.</summary>
    public static double Now => Trio.CurrentTime.TotalSeconds;
}
