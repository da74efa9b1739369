using System.Xml.Linq;

namespace TrioSharp.Cli.Tests.Seeds;

public class Task4Tests
{
    private static readonly string[] Task4aExpected =
    [
        "Time: 0.0s - Action: Task 1 added", "Time: 0.0s - Action: Task 2 added", "Time: 0.0s - Action: Task 3 added",
        "Time: 0.0s - Starting Priority Level 1", "Time: 0.0s - Action: Task 1 started", "Time: 1.0s - Action: Task 1 completed",
        "Time: 1.0s - Finished Priority Level 1", "Time: 1.0s - Starting Priority Level 2", "Time: 1.0s - Finished Priority Level 2",
        "Time: 1.0s - Starting Priority Level 3", "Time: 1.0s - Action: Task 2 started", "Time: 3.0s - Action: Task 2 completed",
        "Time: 3.0s - Finished Priority Level 3", "Time: 3.0s - Starting Priority Level 4", "Time: 3.0s - Finished Priority Level 4",
        "Time: 3.0s - Starting Priority Level 5", "Time: 3.0s - Action: Task 3 started", "Time: 5.0s - Action: Task 3 completed",
        "Time: 5.0s - Finished Priority Level 5",
    ];

    private static readonly string[] Task4bExpected =
    [
        "Time: 0.0s - Action: Task 1 added", "Time: 0.0s - Action: Task 2 added", "Time: 0.0s - Action: Task 3 added",
        "Time: 0.0s - Starting Priority Level 1", "Time: 0.0s - Action: Task 1 started", "Time: 0.5s - Action: Task 4 added",
        "Time: 1.0s - Action: Task 1 completed", "Time: 1.0s - Finished Priority Level 1", "Time: 1.0s - Starting Priority Level 2",
        "Time: 1.0s - Action: Task 3 removed", "Time: 1.0s - Action: Task 4 started", "Time: 1.5s - Action: Task 2 rescheduled",
        "Time: 1.5s - Action: Task 5 added", "Time: 1.5s - Action: Task 2 started", "Time: 2.0s - Action: Task 4 completed",
        "Time: 3.5s - Action: Task 2 completed", "Time: 3.5s - Finished Priority Level 2", "Time: 3.5s - Starting Priority Level 3",
        "Time: 3.5s - Finished Priority Level 3", "Time: 3.5s - Starting Priority Level 4", "Time: 3.5s - Finished Priority Level 4",
        "Time: 3.5s - Starting Priority Level 5", "Time: 3.5s - Action: Task 5 started", "Time: 5.5s - Action: Task 5 completed",
        "Time: 5.5s - Finished Priority Level 5", "Time: 7.5s - Starting Shutdown", "Time: 7.6s - Finished Shutdown",
    ];

    [Fact]
    public async Task Seed4a_VirtualTime_PrintsSeedOutputExactly()
    {
        var run = await CliRun.InvokeAsync("seed", "4a", "--virtual-time");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Task4aExpected, run.Lines);
    }

    [Fact]
    public async Task Seed4b_VirtualTime_PrintsSeedOutputExactly()
    {
        var run = await CliRun.InvokeAsync("seed", "4b", "--virtual-time");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Task4bExpected, run.Lines);
    }

    [Fact]
    public async Task Seed4b_Timeline_WritesAnSvgWithABarPerTask()
    {
        var path = Path.Combine(Path.GetTempPath(), $"triosharp-4b-{Guid.NewGuid():N}.svg");
        try
        {
            var run = await CliRun.InvokeAsync("seed", "4b", "--virtual-time", "--timeline", path);

            Assert.Equal(0, run.ExitCode);
            var svg = XDocument.Load(path);
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            var text = string.Join("\n", svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
            foreach (var task in new[] { "Task 1", "Task 2", "Task 3", "Task 4", "Task 5" })
            {
                Assert.Contains(task, text, StringComparison.Ordinal);
            }

            Assert.False(File.Exists(path + ".part"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
