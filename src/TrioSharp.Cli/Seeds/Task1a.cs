namespace TrioSharp.Cli.Seeds;

/// <summary>Task 1a: a timer and a delayed hello run concurrently under a 2.5-second timeout.</summary>
internal static class Task1a
{
    public static async Task RunAsync(TextWriter output)
    {
        output.WriteLine("Starting...");
        const double Timeout = 2.5;
        await Trio.MoveOnAfter(Timeout, () => Nursery.RunAsync(nursery =>
        {
            nursery.StartSoon(() => Timer(output), "timer");
            nursery.StartSoon(() => DelayedHello(output), "delayed_hello");
            return Task.CompletedTask;
        }));
        output.WriteLine("Completed!");
    }

    /// <summary>Prints how many seconds have passed, every second, until cancelled.</summary>
    private static async Task Timer(TextWriter output)
    {
        for (var seconds = 1; ; seconds++)
        {
            await Trio.Sleep(1);
            output.WriteLine(seconds == 1 ? "1 second has passed" : $"{seconds} seconds have passed");
        }
    }

    /// <summary>Waits 2.1 seconds, then greets.</summary>
    private static async Task DelayedHello(TextWriter output)
    {
        await Trio.Sleep(2.1);
        output.WriteLine("Hello, World!");
    }
}
