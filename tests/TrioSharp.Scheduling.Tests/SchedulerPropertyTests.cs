using CsCheck;

namespace TrioSharp.Scheduling.Tests;

public class SchedulerPropertyTests
{
    private static readonly Gen<Op> GenOp =
        Gen.Select(Gen.Int[0, 9], Gen.Int[1, 5], Gen.Int[0, 8], (kind, a, b) => new Op(kind, a, b));

    private static readonly Gen<Case> GenCase =
        Gen.Select(Gen.Bool, Gen.Int[0, 3], GenOp.Array[0, 40], (serve, max, ops) => new Case(serve, max == 0 ? null : max, ops));

    [Fact]
    public void RandomAddCancelRescheduleShutdown_NeverLosesOrRestartsATaskOrStartsALowerLevelFirst()
    {
        GenCase.Sample(CheckCase, iter: 400, threads: 1);
    }

    private static void CheckCase(Case c)
    {
        var starting = new List<int>();
        var violations = new List<string>();
        var scheduler = VirtualTime.Run(async () =>
        {
            var s = new PriorityScheduler(new SchedulerOptions { MaxConcurrency = c.MaxConcurrency });
            s.OnStarting = id =>
            {
                starting.Add(id);
                var level = s.GetTask(id).Priority;
                violations.AddRange(s.GetTasks(ScheduledTaskStatus.Pending)
                    .Where(t => t.Priority < level)
                    .Select(t => $"task {id} (level {level}) started at {VirtualTime.Now} while task {t.Id} (level {t.Priority}) was pending"));
            };
            await Nursery.RunAsync(async nursery =>
            {
                nursery.StartSoon(c.Serve ? s.ServeAsync : s.RunAsync);
                await Trio.Checkpoint();
                foreach (var op in c.Ops)
                {
                    await Apply(s, op);
                }

                if (!s.IsShutdown)
                {
                    await s.ShutdownAsync();
                }
            });
            return s;
        });

        Assert.Empty(violations);
        Assert.Equal(starting.Distinct(), starting);
        var tasks = scheduler.GetTasks();
        Assert.Equal(Enumerable.Range(1, tasks.Count), tasks.Select(t => t.Id));
        foreach (var task in tasks)
        {
            var events = scheduler.Log.Where(e => e.TaskId == task.Id).ToList();
            var ends = events.Where(e => IsTerminal(e.Kind)).ToList();
            Assert.True(ends.Count == 1, $"task {task.Id} has {ends.Count} end events");
            Assert.Equal(task.Status, StatusOf(ends[0].Kind));
            var starts = events.Count(e => e.Kind == SchedulerEventKind.Started);
            Assert.True(starts <= 1, $"task {task.Id} started {starts} times");
            Assert.True(starts == 0 || starting.Contains(task.Id), $"task {task.Id} started without the scheduler deciding to start it");
            if (task.Status is ScheduledTaskStatus.Completed or ScheduledTaskStatus.Failed)
            {
                Assert.Equal(1, starts);
            }
        }
    }

    private static async Task Apply(PriorityScheduler s, Op op)
    {
        var count = s.GetTasks().Count;
        var target = count == 0 ? 0 : (op.A % count) + 1;
        switch (op.Kind)
        {
            case <= 3:
                if (s.IsShutdown)
                {
                    Assert.Throws<InvalidOperationException>(() => s.AddTask(Work.Sleep(1), op.A));
                }
                else
                {
                    s.AddTask(op.B == 7 ? Work.SleepThenThrow(0.5, "fails") : Work.Sleep(op.B * 0.25), op.A);
                }

                break;
            case 4 when target > 0:
                if (s.GetTask(target).Status is ScheduledTaskStatus.Pending or ScheduledTaskStatus.Running or ScheduledTaskStatus.Cancelling)
                {
                    s.CancelTask(target);
                }
                else
                {
                    Assert.Throws<InvalidOperationException>(() => s.CancelTask(target));
                }

                break;
            case 5 when target > 0:
                if (s.GetTask(target).Status == ScheduledTaskStatus.Pending && !s.IsShutdown)
                {
                    s.Reschedule(target, op.B is >= 1 and <= 5 ? op.B : 1);
                }
                else
                {
                    Assert.Throws<InvalidOperationException>(() => s.Reschedule(target, 1));
                }

                break;
            case 9:
                if (!s.IsShutdown)
                {
                    await s.ShutdownAsync();
                }

                break;
            default:
                await Trio.Sleep(op.B * 0.25);
                break;
        }
    }

    private static bool IsTerminal(SchedulerEventKind kind) => kind is SchedulerEventKind.Completed or SchedulerEventKind.Failed
        or SchedulerEventKind.Cancelled or SchedulerEventKind.Removed or SchedulerEventKind.CancelledPending;

    private static ScheduledTaskStatus StatusOf(SchedulerEventKind kind) => kind switch
    {
        SchedulerEventKind.Completed => ScheduledTaskStatus.Completed,
        SchedulerEventKind.Failed => ScheduledTaskStatus.Failed,
        _ => ScheduledTaskStatus.Cancelled,
    };

    /// <summary>One step of a driver: 0-3 add (A = level, B = quarter-seconds, 7 = fails), 4 cancel, 5 reschedule, 6-8 sleep, 9 shut down.</summary>
    internal sealed record Op(int Kind, int A, int B);

    internal sealed record Case(bool Serve, int? MaxConcurrency, Op[] Ops);
}
