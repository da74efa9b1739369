using TrioSharp.LowLevel;

namespace TrioSharp.Tests.LowLevel;

/// <summary><see cref="RunVar{T}"/>: one value per run.</summary>
public class RunVarTests
{
    [Fact]
    public void Value_NeverSet_ReturnsTheDefault()
    {
        var variable = new RunVar<int>("answer", 42);

        Assert.Equal(42, VirtualTime.Run(() => Task.FromResult(variable.Value)));
    }

    [Fact]
    public void Value_NeverSetAndNoDefault_ThrowsNamingTheVariable()
    {
        var variable = new RunVar<string>("cache");

        var error = Assert.Throws<InvalidOperationException>(() => VirtualTime.Run(() => Task.FromResult(variable.Value)));

        Assert.Contains("RunVar 'cache' has no value in this run", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_SetInOneRun_NextRunSeesTheDefaultAgain()
    {
        var variable = new RunVar<int>("counter", 0);

        var first = VirtualTime.Run(async () =>
        {
            variable.Value = 7;
            await Trio.Checkpoint();
            return variable.Value;
        });
        var second = VirtualTime.Run(() => Task.FromResult(variable.Value));

        Assert.Equal((7, 0), (first, second));
    }

    [Fact]
    public void Value_SetByOneTask_SeenByAnotherTaskOfTheRun()
    {
        var variable = new RunVar<string>("shared");

        var seen = VirtualTime.Run(async () =>
        {
            await Nursery.RunAsync(n =>
            {
                n.StartSoon(() =>
                {
                    variable.Value = "from child";
                    return Task.CompletedTask;
                });
                return Task.CompletedTask;
            });
            return variable.Value;
        });

        Assert.Equal("from child", seen);
    }

    [Fact]
    public void TryGetValue_NotSetNoDefault_ReturnsFalse()
    {
        var variable = new RunVar<int>("unset");

        var (found, value) = VirtualTime.Run(() => Task.FromResult((variable.TryGetValue(out var v), v)));

        Assert.False(found);
        Assert.Equal(0, value);
    }

    [Fact]
    public void Reset_AfterSet_ReadsTheDefaultAgain()
    {
        var variable = new RunVar<int>("reset", 1);

        var value = VirtualTime.Run(() =>
        {
            variable.Value = 2;
            variable.Reset();
            return Task.FromResult(variable.Value);
        });

        Assert.Equal(1, value);
    }

    [Fact]
    public void Value_OutsideARun_ThrowsInvalidOperation()
    {
        var variable = new RunVar<int>("outside", 1);

        Assert.Throws<InvalidOperationException>(() => variable.Value);
        Assert.Equal("RunVar 'outside'", variable.ToString());
    }
}
