using Xunit.Abstractions;

namespace TrioSharp.Scheduling.PostgreSql.Tests;

/// <summary>The seed's task4b() driven through the durable queue, with a real worker process running levels in order.</summary>
[Collection(RealTimeGroup.Name)]
public class SeedScenarioTests(ITestOutputHelper output)
{
    /// <summary>
    /// How long the worker may take to react to what made a job startable (the notify latency and a claim): generous
    /// for a shared machine under CI load, yet half the scenario's smallest step (1 s once stretched), so a reaction
    /// late enough to change the scenario's order still fails.
    /// </summary>
    private const double Reaction = 0.5;

    /// <summary>
    /// The seed's times are stretched this many times: the scenario depends on the driver acting before the jobs
    /// it races end (Task 4 added while Task 1 runs), and a test process on a shared two-core machine was seen to
    /// stall for a second. Order and reactions are what is checked; the stretch changes neither.
    /// </summary>
    private const double Stretch = 2;

    [Fact]
    public async Task Seed4b_ThroughTheDurableQueue_HasTheSeedsTaskEventsInOrderAndOnTime()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        await using var worker = await WorkerProcess.StartAsync(scheduler, "w1", "--level-runs", "--concurrency", "10");

        // task4b(), step by step, its times stretched (ids are the seed's task numbers: 1, 2, 3, then 4 and 5). Each step waits for its
        // time since the start rather than for a fixed sleep, so a slow step does not delay the next ones.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var task1 = await scheduler.AddAsync("sleep", Sleep(1, "Task1"), 1, "Task1");
        var task2 = await scheduler.AddAsync("sleep", Sleep(2, "Task2"), 3, "Task2");
        var task3 = await scheduler.AddAsync("sleep", Sleep(2, "Task3"), 5, "Task3");
        await Until(clock, 0.5);
        var task4 = await scheduler.AddAsync("sleep", Sleep(1, "Task4"), 2, "Task4");
        await Until(clock, 1.0);
        await scheduler.CancelAsync(task3);
        await Until(clock, 1.5);
        await scheduler.RescheduleAsync(task2, 1);
        var task5 = await scheduler.AddAsync("sleep", Sleep(2, "Task5"), 5, "Task5");
        await Eventually.Drained(scheduler);

        Assert.Equal([1L, 2, 3, 4, 5], new[] { task1, task2, task3, task4, task5 });
        var events = (await scheduler.GetEventsAsync()).Where(e => e.JobId is not null).ToList();
        var origin = events[0].At;

        // The seed's expected output without its level lines (a fleet has no single current level).
        string[] seed =
        [
            "Task 1 added", "Task 2 added", "Task 3 added", "Task 1 started", "Task 4 added", "Task 1 completed", "Task 3 removed",
            "Task 4 started", "Task 2 rescheduled", "Task 5 added", "Task 2 started", "Task 4 completed", "Task 2 completed",
            "Task 5 started", "Task 5 completed",
        ];
        var lines = events.Select(e => (Time: (e.At - origin).TotalSeconds, Line: $"Task {e.JobId} {e.Kind}")).ToList();
        lines.ForEach(l => output.WriteLine($"{l.Time:F3} s {l.Line}"));

        // Each task's own events are the seed's, in the seed's order; events of different tasks at one seed instant may interleave.
        Assert.Equal(seed.Order(), lines.Select(l => l.Line).Order());
        foreach (var task in new[] { task1, task2, task3, task4, task5 })
        {
            var prefix = $"Task {task} ";
            Assert.Equal(seed.Where(s => s.StartsWith(prefix, StringComparison.Ordinal)), lines.Where(l => l.Line.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l.Line));
        }

        // The level order: starts come 1, 4, 2, 5.
        Assert.Equal(["Task 1 started", "Task 4 started", "Task 2 started", "Task 5 started"], lines.Where(l => l.Line.EndsWith(" started", StringComparison.Ordinal)).Select(l => l.Line));

        // Times: each start follows what made it startable within the reaction time (Task 4 waits for level 1 to end;
        // Task 2, moved to level 1, starts at once although Task 4 of level 2 runs; Task 5 waits for Task 2), and each
        // task runs its sleep.
        AssertFollows(lines, "Task 1 added", "Task 1 started", 0);
        AssertFollows(lines, "Task 1 completed", "Task 4 started", 0);
        AssertFollows(lines, "Task 2 rescheduled", "Task 2 started", 0);
        AssertFollows(lines, "Task 2 completed", "Task 5 started", 0);
        AssertFollows(lines, "Task 1 started", "Task 1 completed", 1);
        AssertFollows(lines, "Task 4 started", "Task 4 completed", 1);
        AssertFollows(lines, "Task 2 started", "Task 2 completed", 2);
        AssertFollows(lines, "Task 5 started", "Task 5 completed", 2);
    }

    /// <summary>The payload of the seed's high_priority_task (1 s) or low_priority_task (2 s), stretched.</summary>
    private static string Sleep(double seconds, string name) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $$"""{"seconds":{{seconds * Stretch}},"result":"Result from {{name}}"}""");

    private static async Task Until(System.Diagnostics.Stopwatch clock, double seconds)
    {
        var left = TimeSpan.FromSeconds(seconds * Stretch) - clock.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }

    /// <summary>
    /// <paramref name="effect"/> happened <paramref name="seconds"/> after <paramref name="cause"/>, give or take the
    /// reaction time; a reaction (0 s) never before its cause. A task's sleep is measured on its worker's loop
    /// clock and the stamps on the database's, so a sleep may look a little short: a loop that wakes late for a
    /// deadline takes the deadline as its time (docs/design.md), and a sleep started then ends that much sooner by
    /// the wall clock (126 ms seen under load).
    /// </summary>
    private static void AssertFollows(List<(double Time, string Line)> lines, string cause, string effect, double seconds)
    {
        seconds *= Stretch;
        var gap = lines.Single(l => l.Line == effect).Time - lines.Single(l => l.Line == cause).Time;
        var earliest = seconds == 0 ? 0 : seconds - Reaction;
        Assert.True(gap >= earliest && gap <= seconds + Reaction, $"{effect} came {gap:F3} s after {cause}; expected {earliest} s to {seconds + Reaction} s");
    }
}
