using System.Globalization;
using System.Security;
using System.Text;

namespace TrioSharp.Scheduling;

/// <summary>
/// Draws a scheduler's log as an SVG timeline: one row per task, grouped by level, with a bar while it ran,
/// a dashed line while it waited, and marks for re-prioritisations, stops, removals and the shutdown.
/// </summary>
/// <remarks>
/// The picture is plain SVG 1.1 with no script or external resource; every mark has a <c>title</c> with the
/// exact time, shown as a tooltip by browsers. Elements carry classes (<c>bar completed</c>,
/// <c>mark rescheduled</c>, ...) and a <c>data-task</c> id, so tools can read it back.
/// </remarks>
public static class SchedulerTimeline
{
    private const double LabelWidth = 190;
    private const double PlotWidth = 720;
    private const double RightPad = 30;
    private const double Top = 44;
    private const double LevelHeight = 22;
    private const double RowHeight = 20;
    private const double AxisHeight = 34;
    private const double LegendHeight = 30;

    /// <summary>Writes the timeline of <paramref name="scheduler"/>'s log to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <param name="scheduler">The scheduler whose event log to draw.</param>
    /// <param name="output">Where to write the SVG document.</param>
    public static void WriteSvg(PriorityScheduler scheduler, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        WriteSvg(scheduler.Log, scheduler.Levels, output);
    }

    /// <summary>Writes the timeline of <paramref name="events"/>, for a scheduler with <paramref name="levels"/> levels, to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="levels"/> is below 1.</exception>
    /// <param name="events">The events to draw, in the order they happened.</param>
    /// <param name="levels">How many priority levels the drawing has.</param>
    /// <param name="output">Where to write the SVG document.</param>
    public static void WriteSvg(IReadOnlyList<SchedulerEvent> events, int levels, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        output.Write(new Drawing(events, levels).Render());
    }

    /// <summary>The timeline of <paramref name="scheduler"/>'s log as an SVG document.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="scheduler"/> is null.</exception>
    /// <param name="scheduler">The scheduler whose event log to draw.</param>
    /// <returns>The SVG document.</returns>
    public static string ToSvg(PriorityScheduler scheduler)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        WriteSvg(scheduler, output);
        return output.ToString();
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string Escape(string text) => SecurityElement.Escape(text);

    /// <summary>What the log says about one task.</summary>
    private sealed class TaskTrack(int id, string name, int level, TimeSpan addedAt)
    {
        public int Id { get; } = id;

        public string Name { get; } = name;

        public int FirstLevel { get; } = level;

        public int Level { get; set; } = level;

        public TimeSpan AddedAt { get; } = addedAt;

        public TimeSpan? StartedAt { get; set; }

        public TimeSpan? EndedAt { get; set; }

        public SchedulerEvent? End { get; set; }

        public TimeSpan? StoppedAt { get; set; }

        public List<(TimeSpan At, int From, int To)> Reschedules { get; } = [];
    }

    private sealed class Drawing
    {
        private readonly int _levels;
        private readonly SortedDictionary<int, TaskTrack> _tasks = [];
        private readonly List<(int Level, TimeSpan Start, TimeSpan? End)> _levelRuns = [];
        private readonly StringBuilder _svg = new();
        private readonly double _span;
        private TimeSpan? _shutdownStart;
        private TimeSpan? _shutdownEnd;

        internal Drawing(IReadOnlyList<SchedulerEvent> events, int levels)
        {
            _levels = levels;
            var last = TimeSpan.Zero;
            foreach (var e in events)
            {
                last = e.Time > last ? e.Time : last;
                Read(e);
            }

            _span = Math.Max(last.TotalSeconds, 1e-9);
        }

        internal string Render()
        {
            var rows = _tasks.Values
                .GroupBy(t => Math.Clamp(t.Level, 1, _levels))
                .ToDictionary(g => g.Key, g => g.OrderBy(t => t.Id).ToList());
            var rowsHeight = (_levels * LevelHeight) + (_tasks.Count * RowHeight);
            var width = LabelWidth + PlotWidth + RightPad;
            var height = Top + rowsHeight + AxisHeight + LegendHeight;
            _svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(width)} {F(height)}\" font-family=\"sans-serif\" font-size=\"12\">\n");
            _svg.Append("<title>PriorityScheduler timeline</title>\n");
            _svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{F(width)}\" height=\"{F(height)}\" fill=\"#ffffff\"/>\n");
            _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Scheduler timeline ({_tasks.Count} tasks, {_levels} levels, {Seconds(TimeSpan.FromSeconds(_span))})</text>\n");

            var y = Top;
            DrawShutdownBand(Top, rowsHeight);
            for (var level = 1; level <= _levels; level++)
            {
                DrawLevelHeader(level, y);
                y += LevelHeight;
                foreach (var task in rows.GetValueOrDefault(level) ?? [])
                {
                    DrawTask(task, y);
                    y += RowHeight;
                }
            }

            DrawShutdownLines(Top, rowsHeight);
            DrawAxis(y);
            DrawLegend(y + AxisHeight);
            _svg.Append("</svg>\n");
            return _svg.ToString();
        }

        private static void Mark(StringBuilder svg, string cssClass, int taskId, string shape, string title) =>
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"mark {cssClass}\" data-task=\"{taskId}\">{shape}<title>{Escape(title)}</title></g>\n");

        private static string EndColor(SchedulerEventKind? kind) => kind switch
        {
            SchedulerEventKind.Completed => "#3a9d5d",
            SchedulerEventKind.Failed => "#e67e22",
            SchedulerEventKind.Cancelled => "#c0392b",
            _ => "#3498db",
        };

        private static string EndClass(SchedulerEventKind? kind) => kind switch
        {
            SchedulerEventKind.Completed => "completed",
            SchedulerEventKind.Failed => "failed",
            SchedulerEventKind.Cancelled => "cancelled",
            _ => "running",
        };

        private void Read(SchedulerEvent e)
        {
            if (e.TaskId is not { } id)
            {
                switch (e.Kind)
                {
                    case SchedulerEventKind.LevelStarted:
                        _levelRuns.Add((e.Level ?? 1, e.Time, null));
                        break;
                    case SchedulerEventKind.LevelFinished:
                        var open = _levelRuns.FindLastIndex(r => r.Level == e.Level && r.End is null);
                        if (open >= 0)
                        {
                            _levelRuns[open] = _levelRuns[open] with { End = e.Time };
                        }

                        break;
                    case SchedulerEventKind.ShutdownStarted:
                        _shutdownStart = e.Time;
                        break;
                    case SchedulerEventKind.ShutdownFinished:
                        _shutdownEnd = e.Time;
                        break;
                }

                return;
            }

            if (!_tasks.TryGetValue(id, out var task))
            {
                // A log that starts mid-way (a watcher without replay) still draws what it saw.
                task = new TaskTrack(id, e.TaskName ?? $"Task{id}", e.Level ?? 1, e.Time);
                _tasks.Add(id, task);
            }

            switch (e.Kind)
            {
                case SchedulerEventKind.Rescheduled:
                    task.Reschedules.Add((e.Time, task.Level, e.Level ?? task.Level));
                    task.Level = e.Level ?? task.Level;
                    break;
                case SchedulerEventKind.Started:
                    task.StartedAt = e.Time;
                    break;
                case SchedulerEventKind.Stopped:
                    task.StoppedAt = e.Time;
                    break;
                case SchedulerEventKind.Completed or SchedulerEventKind.Failed or SchedulerEventKind.Cancelled
                    or SchedulerEventKind.Removed or SchedulerEventKind.CancelledPending:
                    task.EndedAt = e.Time;
                    task.End = e;
                    break;
            }
        }

        private double X(TimeSpan time) => LabelWidth + (time.TotalSeconds / _span * PlotWidth);

        private void DrawLevelHeader(int level, double y)
        {
            _svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"level-row\" x=\"0\" y=\"{F(y)}\" width=\"{F(LabelWidth + PlotWidth + RightPad)}\" height=\"{F(LevelHeight)}\" fill=\"#eef1f5\"/>\n");
            _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{F(y + 15)}\" font-weight=\"bold\">Level {level}</text>\n");
            foreach (var (runLevel, start, end) in _levelRuns.Where(r => r.Level == level))
            {
                var x = X(start);
                var w = Math.Max(2, X(end ?? TimeSpan.FromSeconds(_span)) - x);
                var until = end is { } e ? Seconds(e) : "the end of the log";
                _svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"level-run\" data-level=\"{runLevel}\" x=\"{F(x)}\" y=\"{F(y + 4)}\" width=\"{F(w)}\" height=\"{F(LevelHeight - 8)}\" fill=\"#b8c4d6\"><title>Level {runLevel} ran from {Seconds(start)} to {until}</title></rect>\n");
            }
        }

        private void DrawTask(TaskTrack task, double y)
        {
            var mid = y + (RowHeight / 2);
            var moved = task.Reschedules.Count > 0 ? $" ({task.FirstLevel}→{task.Level})" : string.Empty;
            _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"22\" y=\"{F(mid + 4)}\">Task {task.Id} {Escape(task.Name)}{moved}</text>\n");

            var waitEnd = task.StartedAt ?? task.EndedAt ?? TimeSpan.FromSeconds(_span);
            _svg.Append(CultureInfo.InvariantCulture, $"<line class=\"wait\" data-task=\"{task.Id}\" x1=\"{F(X(task.AddedAt))}\" y1=\"{F(mid)}\" x2=\"{F(X(waitEnd))}\" y2=\"{F(mid)}\" stroke=\"#9aa5b1\" stroke-width=\"2\" stroke-dasharray=\"4 3\"><title>Task {task.Id} waited from {Seconds(task.AddedAt)} to {Seconds(waitEnd)}</title></line>\n");

            if (task.StartedAt is { } started)
            {
                var endKind = task.End?.Kind;
                var end = task.EndedAt ?? TimeSpan.FromSeconds(_span);
                var x = X(started);
                var w = Math.Max(2, X(end) - x);
                var outcome = endKind is null ? "was still running at the end of the log" : $"{task.End!.Action} at {Seconds(end)}";
                var error = task.End?.Error is { } ex ? $": {ex.GetType().Name}: {ex.Message}" : string.Empty;
                _svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar {EndClass(endKind)}\" data-task=\"{task.Id}\" x=\"{F(x)}\" y=\"{F(y + 4)}\" width=\"{F(w)}\" height=\"{F(RowHeight - 8)}\" rx=\"2\" fill=\"{EndColor(endKind)}\"><title>Task {task.Id} {Escape(task.Name)} started at {Seconds(started)}, {outcome}{Escape(error)}</title></rect>\n");
            }

            foreach (var (at, from, to) in task.Reschedules)
            {
                var x = X(at);
                Mark(_svg, "rescheduled", task.Id, $"<polygon points=\"{F(x)},{F(mid - 6)} {F(x + 5)},{F(mid)} {F(x)},{F(mid + 6)} {F(x - 5)},{F(mid)}\" fill=\"#8e44ad\"/>", $"Task {task.Id} rescheduled from level {from} to {to} at {Seconds(at)}");
            }

            if (task.StoppedAt is { } stopped)
            {
                var x = X(stopped);
                Mark(_svg, "stopped", task.Id, $"<line x1=\"{F(x)}\" y1=\"{F(y + 1)}\" x2=\"{F(x)}\" y2=\"{F(y + RowHeight - 1)}\" stroke=\"#7b0000\" stroke-width=\"3\"/>", $"Task {task.Id} stopped at {Seconds(stopped)}");
            }

            if (task.End is { Kind: SchedulerEventKind.Removed or SchedulerEventKind.CancelledPending } dropped)
            {
                var x = X(dropped.Time);
                Mark(_svg, dropped.Kind == SchedulerEventKind.Removed ? "removed" : "cancelled-pending", task.Id, $"<path d=\"M{F(x - 5)},{F(mid - 5)} L{F(x + 5)},{F(mid + 5)} M{F(x - 5)},{F(mid + 5)} L{F(x + 5)},{F(mid - 5)}\" stroke=\"#c0392b\" stroke-width=\"2\"/>", $"Task {task.Id} {dropped.Action} at {Seconds(dropped.Time)}");
            }
        }

        private void DrawShutdownBand(double top, double height)
        {
            if (_shutdownStart is { } start)
            {
                var end = _shutdownEnd ?? TimeSpan.FromSeconds(_span);
                _svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"shutdown-grace\" x=\"{F(X(start))}\" y=\"{F(top)}\" width=\"{F(Math.Max(1, X(end) - X(start)))}\" height=\"{F(height)}\" fill=\"#fdecea\"/>\n");
            }
        }

        private void DrawShutdownLines(double top, double height)
        {
            if (_shutdownStart is { } start)
            {
                var x = X(start);
                Mark(_svg, "shutdown", 0, $"<line x1=\"{F(x)}\" y1=\"{F(top - 8)}\" x2=\"{F(x)}\" y2=\"{F(top + height)}\" stroke=\"#c0392b\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/><text x=\"{F(x - 4)}\" y=\"{F(top - 10)}\" text-anchor=\"end\" fill=\"#c0392b\">shutdown</text>", $"Starting Shutdown at {Seconds(start)}");
            }

            if (_shutdownEnd is { } end)
            {
                var x = X(end);
                Mark(_svg, "shutdown-finished", 0, $"<line x1=\"{F(x)}\" y1=\"{F(top - 8)}\" x2=\"{F(x)}\" y2=\"{F(top + height)}\" stroke=\"#c0392b\" stroke-width=\"1.5\"/>", $"Finished Shutdown at {Seconds(end)}");
            }
        }

        private void DrawAxis(double y)
        {
            _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(LabelWidth)}\" y1=\"{F(y + 4)}\" x2=\"{F(LabelWidth + PlotWidth)}\" y2=\"{F(y + 4)}\" stroke=\"#333333\"/>\n");
            var step = TickStep(_span);
            for (var i = 0; i * step <= _span + (step / 1000); i++)
            {
                var t = TimeSpan.FromSeconds(i * step);
                var x = X(t);
                _svg.Append(CultureInfo.InvariantCulture, $"<line class=\"tick\" x1=\"{F(x)}\" y1=\"{F(y + 4)}\" x2=\"{F(x)}\" y2=\"{F(y + 9)}\" stroke=\"#333333\"/><text x=\"{F(x)}\" y=\"{F(y + 22)}\" text-anchor=\"middle\">{Seconds(t)}</text>\n");
            }
        }

        private void DrawLegend(double y)
        {
            (string Label, string Color)[] items =
            [
                ("completed", EndColor(SchedulerEventKind.Completed)), ("failed", EndColor(SchedulerEventKind.Failed)),
                ("cancelled", EndColor(SchedulerEventKind.Cancelled)), ("still running", EndColor(null)),
                ("rescheduled", "#8e44ad"), ("stopped", "#7b0000"), ("waiting", "#9aa5b1"),
            ];
            var x = LabelWidth;
            foreach (var (label, color) in items)
            {
                _svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(y + 6)}\" width=\"12\" height=\"12\" fill=\"{color}\"/><text x=\"{F(x + 16)}\" y=\"{F(y + 16)}\">{label}</text>\n");
                x += 100;
            }
        }

        /// <summary>A 1-2-5 step that puts at most about ten ticks on the axis.</summary>
        private static double TickStep(double span)
        {
            var step = Math.Pow(10, Math.Floor(Math.Log10(span / 10)));
            foreach (var factor in new[] { 1.0, 2, 5, 10 })
            {
                if (span / (step * factor) <= 10)
                {
                    return step * factor;
                }
            }

            return step * 10;
        }
    }
}
