namespace TrioSharp.Scheduling.PostgreSql.Tests;

/// <summary>The seed's task4b() driven through the durable queue, with a real worker process running levels in order.</summary>
[Collection(RealTimeCollection.Name)]
public class SeedScenarioTests(ITestOutputHelper output)
{
    /// <summary>How far from the seed's time an event may be: the notify latency plus real sleeps on a shared machine (generous).</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(0.5);

    [Fact]
    public async Task Seed4b_ThroughTheDurableQueue_HasTheSeedsTaskEventsInOrderAndOnTime()
    {
        await using var scheduler = await TestDatabase.NewSchedulerAsync();
        await using var worker = await WorkerProcess.StartAsync(scheduler, "w1", "--level-runs", "--concurrency", "10");

        // task4b(), step by step (ids are the seed's task numbers: 1, 2, 3, then 4 and 5).
        var task1 = await scheduler.AddAsync("sleep", """{"seconds":1,"result":"Result from Task1"}""", 1, "Task1");
        var task2 = await scheduler.AddAsync("sleep", """{"seconds":2,"result":"Result from Task2"}""", 3, "Task2");
        var task3 = await scheduler.AddAsync("sleep", """{"seconds":2,"result":"Result from Task3"}""", 5, "Task3");
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        var task4 = await scheduler.AddAsync("sleep", """{"seconds":1,"result":"Result from Task4"}""", 2, "Task4");
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        await scheduler.CancelAsync(task3);
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        await scheduler.RescheduleAsync(task2, 1);
        var task5 = await scheduler.AddAsync("sleep", """{"seconds":2,"result":"Result from Task5"}""", 5, "Task5");
        await Eventually.Drained(scheduler);

        Assert.Equal([1L, 2, 3, 4, 5], new[] { task1, task2, task3, task4, task5 });
        var events = (await scheduler.GetEventsAsync()).Where(e => e.JobId is not null).ToList();
        var origin = events[0].At;

        // The seed's expected output without its level lines (a fleet has no single current level).
        (double Time, string Line)[] seed =
        [
            (0.0, "Task 1 added"), (0.0, "Task 2 added"), (0.0, "Task 3 added"), (0.0, "Task 1 started"), (0.5, "Task 4 added"),
            (1.0, "Task 1 completed"), (1.0, "Task 3 removed"), (1.0, "Task 4 started"), (1.5, "Task 2 rescheduled"),
            (1.5, "Task 5 added"), (1.5, "Task 2 started"), (2.0, "Task 4 completed"), (3.5, "Task 2 completed"),
            (3.5, "Task 5 started"), (5.5, "Task 5 completed"),
        ];
        var lines = events.Select(e => (Time: (e.At - origin).TotalSeconds, Line: $"Task {e.JobId} {e.Kind}")).ToList();
        lines.ForEach(l => output.WriteLine($"{l.Time:F3} s {l.Line}"));

        // Each task's own events are the seed's, in the seed's order; events at one seed instant may interleave.
        Assert.Equal(seed.Select(s => s.Line).Order(), lines.Select(l => l.Line).Order());
        foreach (var task in new[] { task1, task2, task3, task4, task5 })
        {
            Assert.Equal(seed.Where(s => s.Line.StartsWith($"Task {task} ", StringComparison.Ordinal)).Select(s => s.Line), lines.Where(l => l.Line.StartsWith($"Task {task} ", StringComparison.Ordinal)).Select(l => l.Line));
        }

        // The level order: starts come 1, 4, 2, 5; Task 2 starts while Task 4 still runs (its new level is higher); Task 5 waits for Task 2.
        Assert.Equal(["Task 1 started", "Task 4 started", "Task 2 started", "Task 5 started"], lines.Where(l => l.Line.EndsWith(" started", StringComparison.Ordinal)).Select(l => l.Line));
        Assert.True(Time(lines, "Task 4 started") >= Time(lines, "Task 1 completed"));
        Assert.True(Time(lines, "Task 2 started") < Time(lines, "Task 4 completed"));
        Assert.True(Time(lines, "Task 5 started") >= Time(lines, "Task 2 completed"));

        // Times: each within the slack of the seed's.
        foreach (var (time, line) in seed)
        {
            Assert.InRange(Time(lines, line), time - Slack.TotalSeconds, time + Slack.TotalSeconds);
        }
    }

    private static double Time(List<(double Time, string Line)> lines, string line) => lines.Single(l => l.Line == line).Time;
}
