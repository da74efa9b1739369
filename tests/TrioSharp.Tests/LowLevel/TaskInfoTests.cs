using TrioSharp.LowLevel;

namespace TrioSharp.Tests.LowLevel;

/// <summary>The public task view: <see cref="TrioLowLevel.CurrentTask"/>, its tree, and a nursery's side of it.</summary>
public class TaskInfoTests
{
    [Fact]
    public void CurrentTask_InMain_IsMainWithIdOneAndNoParent()
    {
        var (name, id, parent, nursery, root) = VirtualTime.Run(() =>
        {
            var task = TrioLowLevel.CurrentTask;
            return Task.FromResult((task.Name, task.Id, task.Parent, task.ParentNursery, TrioLowLevel.CurrentRootTask == task));
        });

        Assert.Equal(("main", 1), (name, id));
        Assert.Null(parent);
        Assert.Null(nursery);
        Assert.True(root);
    }

    [Fact]
    public void CurrentTask_InAChild_NamesItsParentTaskAndNursery()
    {
        var (childName, parentIsMain, nurseryMatches) = VirtualTime.Run(async () =>
        {
            var main = TrioLowLevel.CurrentTask;
            var result = ("", false, false);
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(
                    () =>
                    {
                        var me = TrioLowLevel.CurrentTask;
                        result = (me.Name, me.Parent == main, me.ParentNursery == n);
                        return Task.CompletedTask;
                    },
                    "worker");
                return Task.CompletedTask;
            });
            return result;
        });

        Assert.Equal("worker", childName);
        Assert.True(parentIsMain);
        Assert.True(nurseryMatches);
    }

    [Fact]
    public void CurrentTask_SameTaskTwice_ReturnsEqualViews()
    {
        var same = VirtualTime.Run(async () =>
        {
            var before = TrioLowLevel.CurrentTask;
            await Trio.Checkpoint();
            return (before == TrioLowLevel.CurrentTask, before.Equals((object)TrioLowLevel.CurrentTask), before.GetHashCode() == TrioLowLevel.CurrentTask.GetHashCode());
        });

        Assert.Equal((true, true, true), same);
    }

    [Fact]
    public void Equals_ViewsOfTwoTasks_AreNotEqual()
    {
        var (main, child) = VirtualTime.Run(async () =>
        {
            var main = TrioLowLevel.CurrentTask;
            TaskInfo child = default;
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(() =>
                {
                    child = TrioLowLevel.CurrentTask;
                    return Task.CompletedTask;
                });
                return Task.CompletedTask;
            });
            return (main, child);
        });

        Assert.True(main != child);
        Assert.False(main.Equals(child));
    }

    [Fact]
    public void Name_OfDefault_ThrowsInvalidOperationExceptionSayingItIsNoTask()
    {
        var error = Assert.Throws<InvalidOperationException>(() => default(TaskInfo).Name);

        Assert.Contains("default(TaskInfo) stands for no task", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Children_TwoNestedNurseries_ListsEachNurseryAndItsChildren()
    {
        var (nurseries, children, outerChildren, innerParents) = VirtualTime.Run(async () =>
        {
            var main = TrioLowLevel.CurrentTask;
            (int, List<string>, List<string>, List<string>) result = (0, [], [], []);
            await Nursery.RunAsync(async outer =>
            {
                outer.StartSoon(async () => await Trio.SleepForever(), "a");
                await Nursery.RunAsync(async inner =>
                {
                    inner.StartSoon(async () => await Trio.SleepForever(), "b");
                    inner.StartSoon(async () => await Trio.SleepForever(), "c");
                    await Trio.WaitAllTasksBlocked();
                    result = (
                        main.ChildNurseries.Count,
                        main.Children.Select(t => t.Name).ToList(),
                        outer.ChildTasks.Select(t => t.Name).ToList(),
                        [.. inner.ChildTasks.Select(t => t.Parent!.Value.Name), inner.ParentTask.Name]);
                    outer.CancelScope.Cancel();
                });
            });
            return result;
        });

        Assert.Equal(2, nurseries);
        Assert.Equal(["a", "b", "c"], children);
        Assert.Equal(["a"], outerChildren);
        Assert.Equal(["main", "main", "main"], innerParents);
    }

    [Fact]
    public void ChildNurseries_AfterTheNurseryCloses_IsEmpty()
    {
        var count = VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(n => Task.CompletedTask);
            return TrioLowLevel.CurrentTask.ChildNurseries.Count;
        });

        Assert.Equal(0, count);
    }

    [Fact]
    public void ParentNursery_OfAStartedTask_IsTheTargetOnlyAfterStarted()
    {
        var (before, after, childrenAfterStart) = VirtualTime.Run(async () =>
        {
            Nursery? before = null;
            Nursery? after = null;
            var childrenAfterStart = new List<string>();
            await Nursery.RunAsync(async n =>
            {
                await n.StartAsync(async status =>
                {
                    before = TrioLowLevel.CurrentTask.ParentNursery;
                    status.Started();
                    await Trio.Checkpoint();
                    after = TrioLowLevel.CurrentTask.ParentNursery;
                }, "service");
                childrenAfterStart = n.ChildTasks.Select(t => t.Name).ToList();
            });
            return (before, after, childrenAfterStart);
        });

        Assert.Null(before);
        Assert.NotNull(after);
        Assert.Equal(["service"], childrenAfterStart);
    }

    [Fact]
    public void WaitingFor_OfABlockedTask_DescribesTheWait_AndHasExitedAfterItEnds()
    {
        var (waiting, exitedBefore, exitedAfter, running) = VirtualTime.Run(async () =>
        {
            TaskInfo? sleeper = null;
            var result = ("", true, false, "");
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(
                    async () =>
                    {
                        sleeper = TrioLowLevel.CurrentTask;
                        await Trio.Sleep(1);
                    },
                    "sleeper");
                await Trio.WaitAllTasksBlocked();
                result.Item1 = sleeper!.Value.WaitingFor!;
                result.Item2 = sleeper!.Value.HasExited;
                result.Item4 = TrioLowLevel.CurrentTask.WaitingFor ?? "running";
            });
            result.Item3 = sleeper!.Value.HasExited;
            return result;
        });

        Assert.Equal("Trio.Sleep", waiting);
        Assert.False(exitedBefore);
        Assert.True(exitedAfter);
        Assert.Equal("running", running);
    }

    [Fact]
    public void CurrentTask_OutsideARun_ThrowsInvalidOperation()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TrioLowLevel.CurrentTask);

        Assert.Contains("TrioLowLevel.CurrentTask", error.Message, StringComparison.Ordinal);
        Assert.False(TrioLowLevel.InTrioRun);
    }

    [Fact]
    public void ToString_OfMain_NamesItAsMessagesDo()
    {
        var text = VirtualTime.Run(() => Task.FromResult(TrioLowLevel.CurrentTask.ToString()));

        Assert.Equal("task 'main' (#1)", text);
    }
}
