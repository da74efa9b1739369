namespace TrioSharp.Scheduling;

/// <summary>
/// The seed exercise's <c>task4a()</c> and <c>task4b()</c> drivers, in C#: under a <see cref="VirtualClock"/>
/// each prints exactly the seed's expected output, every run.
/// </summary>
public static class SeedSchedulerDemo
{
    /// <summary>
    /// The seed's <c>task4a()</c>: three tasks at levels 1, 3 and 5, one run, then the log. Call it inside
    /// <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/>.
    /// </summary>
    /// <param name="output">Where the log is printed.</param>
    /// <returns>The scheduler, for its log or a timeline.</returns>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp loop.</exception>
    public static async Task<PriorityScheduler> Task4aAsync(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var scheduler = new PriorityScheduler();
        scheduler.AddTask(() => HighPriorityTask("Task1"), 1, "Task1");
        scheduler.AddTask(() => LowPriorityTask("Task2"), 3, "Task2");
        scheduler.AddTask(() => LowPriorityTask("Task3"), 5, "Task3");
        await Nursery.RunAsync(nursery =>
        {
            nursery.StartSoon(scheduler.RunAsync, "scheduler.run");
            return Task.CompletedTask;
        });
        scheduler.PrintStatistics(output);
        return scheduler;
    }

    /// <summary>
    /// The seed's <c>task4b()</c>: a task added while the scheduler runs, one cancelled, one re-prioritised,
    /// then a shutdown, then the log. Call it inside <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/>.
    /// </summary>
    /// <param name="output">Where the log is printed.</param>
    /// <returns>The scheduler, for its log or a timeline.</returns>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp loop.</exception>
    public static async Task<PriorityScheduler> Task4bAsync(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var scheduler = new PriorityScheduler();
        scheduler.AddTask(() => HighPriorityTask("Task1"), 1, "Task1");
        var task2 = scheduler.AddTask(() => LowPriorityTask("Task2"), 3, "Task2");
        var task3 = scheduler.AddTask(() => LowPriorityTask("Task3"), 5, "Task3");
        await Nursery.RunAsync(async nursery =>
        {
            nursery.StartSoon(scheduler.RunAsync, "scheduler.run");

            await Trio.Sleep(0.5);
            scheduler.AddTask(() => HighPriorityTask("Task4"), 2, "Task4");

            await Trio.Sleep(0.5);
            scheduler.CancelTask(task3);

            await Trio.Sleep(0.5);
            scheduler.Reschedule(task2, 1);

            scheduler.AddTask(() => LowPriorityTask("Task5"), 5, "Task5");
            await Trio.Sleep(6);
            await scheduler.ShutdownAsync();
        });
        scheduler.PrintStatistics(output);
        return scheduler;
    }

    private static async Task<string> HighPriorityTask(string name)
    {
        await Trio.Sleep(1);
        return $"Result from {name}";
    }

    private static async Task<string> LowPriorityTask(string name)
    {
        await Trio.Sleep(2);
        return $"Result from {name}";
    }
}
