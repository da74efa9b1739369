namespace TrioSharp.Scheduling.Tests;

/// <summary>Task bodies for scenarios.</summary>
internal static class Work
{
    public static Func<Task> Sleep(double seconds) => async () => await Trio.Sleep(seconds);

    public static Func<Task<T>> SleepThenReturn<T>(double seconds, T value) => async () =>
    {
        await Trio.Sleep(seconds);
        return value;
    };

    public static Func<Task> SleepThenThrow(double seconds, string message) => async () =>
    {
        await Trio.Sleep(seconds);
        throw new InvalidOperationException(message);
    };

    /// <summary>Sleeps, and when cancelled spends <paramref name="cleanup"/> seconds in a shielded cleanup.</summary>
    public static Func<Task> SleepWithCleanup(double seconds, double cleanup) => async () =>
    {
        try
        {
            await Trio.Sleep(seconds);
        }
        finally
        {
            await new CancelScope(shield: true).RunAsync(async () => await Trio.Sleep(cleanup));
        }
    };

    /// <summary>Runs <paramref name="scheduler"/>.RunAsync beside <paramref name="driver"/> in one nursery, as the seed's drivers do.</summary>
    public static Task RunBeside(PriorityScheduler scheduler, Func<Task> driver) =>
        Nursery.RunAsync(async nursery =>
        {
            nursery.StartSoon(scheduler.RunAsync, "scheduler.run");
            await driver();
        });

    /// <summary>Runs <paramref name="scheduler"/>.ServeAsync beside <paramref name="driver"/>, which must shut it down.</summary>
    public static Task ServeBeside(PriorityScheduler scheduler, Func<Task> driver) =>
        Nursery.RunAsync(async nursery =>
        {
            nursery.StartSoon(scheduler.ServeAsync, "scheduler.serve");
            await driver();
        });
}
