using System.Globalization;
using System.Xml.Linq;

namespace TrioSharp.Scheduling.Tests;

public class SchedulerTimelineTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void ToSvg_Seed4b_DrawsOneBarPerStartedTaskWithItsOutcome()
    {
        var svg = Seed4bTimeline();
        var bars = svg.Descendants(Svg + "rect").Where(r => ClassOf(r).StartsWith("bar ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["1 completed", "2 completed", "4 completed", "5 completed"], bars.Select(b => $"{b.Attribute("data-task")!.Value} {ClassOf(b)[4..]}").Order());
    }

    [Fact]
    public void ToSvg_Seed4b_PlacesBarsAtTheirExactTimes()
    {
        var svg = Seed4bTimeline();

        // The log spans 7.6 s over 720 px starting at x = 190.
        var task2 = svg.Descendants(Svg + "rect").Single(r => ClassOf(r) == "bar completed" && r.Attribute("data-task")!.Value == "2");
        Assert.Equal(190 + (1.5 / 7.6 * 720), Number(task2, "x"), 2);
        Assert.Equal(2.0 / 7.6 * 720, Number(task2, "width"), 2);
    }

    [Fact]
    public void ToSvg_Seed4b_MarksTheRescheduleTheRemovalAndTheShutdown()
    {
        var svg = Seed4bTimeline();
        var marks = svg.Descendants(Svg + "g").Select(g => (ClassOf(g), g.Attribute("data-task")!.Value, g.Element(Svg + "title")!.Value)).ToList();
        Assert.Equal(
            [
                ("mark rescheduled", "2", "Task 2 rescheduled from level 3 to 1 at 1.5 s"),
                ("mark removed", "3", "Task 3 removed at 1 s"),
                ("mark shutdown", "0", "Starting Shutdown at 7.5 s"),
                ("mark shutdown-finished", "0", "Finished Shutdown at 7.6 s"),
            ],
            marks);
    }

    [Fact]
    public void ToSvg_Seed4b_GroupsTaskRowsUnderTheirLevels()
    {
        var svg = Seed4bTimeline();
        var labels = svg.Descendants(Svg + "text").Select(t => t.Value)
            .Where(v => v.StartsWith("Level ", StringComparison.Ordinal) || v.StartsWith("Task ", StringComparison.Ordinal));
        Assert.Equal(
            ["Level 1", "Task 1 Task1", "Task 2 Task2 (3→1)", "Level 2", "Task 4 Task4", "Level 3", "Level 4", "Level 5", "Task 3 Task3", "Task 5 Task5"],
            labels);
    }

    [Fact]
    public void WriteSvg_StoppedAndFailedTasks_MarksTheStopAndNamesTheError()
    {
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { Levels = 1 });
            s.AddTask(Work.SleepThenThrow(0.5, "disk <full>"), 1);
            s.AddTask(Work.Sleep(3), 1);
            await Work.RunBeside(s, async () =>
            {
                await Trio.Sleep(1);
                s.CancelTask(2);
            });
            return s;
        });
        var output = new StringWriter();
        SchedulerTimeline.WriteSvg(scheduler, output);
        var svg = XDocument.Parse(output.ToString());
        var failed = svg.Descendants(Svg + "rect").Single(r => ClassOf(r) == "bar failed");
        Assert.Equal("Task 1 Task1 started at 0 s, failed at 0.5 s: InvalidOperationException: disk <full>", failed.Element(Svg + "title")!.Value);
        Assert.Single(svg.Descendants(Svg + "rect"), r => ClassOf(r) == "bar cancelled");
        Assert.Equal("Task 2 stopped at 1 s", svg.Descendants(Svg + "g").Single(g => ClassOf(g) == "mark stopped").Element(Svg + "title")!.Value);
    }

    [Fact]
    public void WriteSvg_EmptyLog_DrawsTheLevelsOnly()
    {
        var output = new StringWriter();
        SchedulerTimeline.WriteSvg([], 3, output);
        var svg = XDocument.Parse(output.ToString());
        Assert.Equal(3, svg.Descendants(Svg + "rect").Count(r => ClassOf(r) == "level-row"));
        Assert.DoesNotContain(svg.Descendants(Svg + "rect"), r => ClassOf(r).StartsWith("bar", StringComparison.Ordinal));
    }

    private static XDocument Seed4bTimeline()
    {
        var scheduler = VirtualTime.Run(() => SeedSchedulerDemo.Task4bAsync(TextWriter.Null));
        return XDocument.Parse(SchedulerTimeline.ToSvg(scheduler));
    }

    private static string ClassOf(XElement element) => element.Attribute("class")?.Value ?? string.Empty;

    private static double Number(XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);
}
