namespace TrioSharp.Scheduling.Tests;

public class SeedSchedulerDemoTests
{
    private const string Task4aExpected = """
        Time: 0.0s - Action: Task 1 added
        Time: 0.0s - Action: Task 2 added
        Time: 0.0s - Action: Task 3 added
        Time: 0.0s - Starting Priority Level 1
        Time: 0.0s - Action: Task 1 started
        Time: 1.0s - Action: Task 1 completed
        Time: 1.0s - Finished Priority Level 1
        Time: 1.0s - Starting Priority Level 2
        Time: 1.0s - Finished Priority Level 2
        Time: 1.0s - Starting Priority Level 3
        Time: 1.0s - Action: Task 2 started
        Time: 3.0s - Action: Task 2 completed
        Time: 3.0s - Finished Priority Level 3
        Time: 3.0s - Starting Priority Level 4
        Time: 3.0s - Finished Priority Level 4
        Time: 3.0s - Starting Priority Level 5
        Time: 3.0s - Action: Task 3 started
        Time: 5.0s - Action: Task 3 completed
        Time: 5.0s - Finished Priority Level 5

        """;

    private const string Task4bExpected = """
        Time: 0.0s - Action: Task 1 added
        Time: 0.0s - Action: Task 2 added
        Time: 0.0s - Action: Task 3 added
        Time: 0.0s - Starting Priority Level 1
        Time: 0.0s - Action: Task 1 started
        Time: 0.5s - Action: Task 4 added
        Time: 1.0s - Action: Task 1 completed
        Time: 1.0s - Finished Priority Level 1
        Time: 1.0s - Starting Priority Level 2
        Time: 1.0s - Action: Task 3 removed
        Time: 1.0s - Action: Task 4 started
        Time: 1.5s - Action: Task 2 rescheduled
        Time: 1.5s - Action: Task 5 added
        Time: 1.5s - Action: Task 2 started
        Time: 2.0s - Action: Task 4 completed
        Time: 3.5s - Action: Task 2 completed
        Time: 3.5s - Finished Priority Level 2
        Time: 3.5s - Starting Priority Level 3
        Time: 3.5s - Finished Priority Level 3
        Time: 3.5s - Starting Priority Level 4
        Time: 3.5s - Finished Priority Level 4
        Time: 3.5s - Starting Priority Level 5
        Time: 3.5s - Action: Task 5 started
        Time: 5.5s - Action: Task 5 completed
        Time: 5.5s - Finished Priority Level 5
        Time: 7.5s - Starting Shutdown
        Time: 7.6s - Finished Shutdown

        """;

    [Fact]
    public void Task4aAsync_VirtualClock_PrintsSeedOutputExactly()
    {
        var output = new StringWriter { NewLine = "\n" };
        VirtualTime.Run(() => SeedSchedulerDemo.Task4aAsync(output));
        Assert.Equal(Task4aExpected, output.ToString());
    }

    [Fact]
    public void Task4bAsync_VirtualClock_PrintsSeedOutputExactly()
    {
        var output = new StringWriter { NewLine = "\n" };
        VirtualTime.Run(() => SeedSchedulerDemo.Task4bAsync(output));
        Assert.Equal(Task4bExpected, output.ToString());
    }

    [Fact]
    public void Task4bAsync_TwentyRuns_PrintsTheSameOutputEveryTime()
    {
        var outputs = Enumerable.Range(0, 20).Select(_ =>
        {
            var output = new StringWriter { NewLine = "\n" };
            VirtualTime.Run(() => SeedSchedulerDemo.Task4bAsync(output));
            return output.ToString();
        });
        Assert.All(outputs, output => Assert.Equal(Task4bExpected, output));
    }

    [Fact]
    public void Task4bAsync_VirtualClock_EndsWithTheSeedsStatuses()
    {
        var scheduler = VirtualTime.Run(() => SeedSchedulerDemo.Task4bAsync(TextWriter.Null));
        Assert.Equal(
            [ScheduledTaskStatus.Completed, ScheduledTaskStatus.Completed, ScheduledTaskStatus.Cancelled, ScheduledTaskStatus.Completed, ScheduledTaskStatus.Completed],
            scheduler.GetTasks().Select(t => t.Status));
        Assert.Equal("Result from Task2", scheduler.GetTask(2).Result);
    }
}
