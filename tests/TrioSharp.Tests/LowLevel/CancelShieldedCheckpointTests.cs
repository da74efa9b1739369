using TrioSharp.LowLevel;

namespace TrioSharp.Tests.LowLevel;

/// <summary><see cref="TrioLowLevel.CancelShieldedCheckpoint"/>: a schedule point that never raises.</summary>
public class CancelShieldedCheckpointTests
{
    [Fact]
    public void CancelShieldedCheckpoint_InCancelledScope_DoesNotRaise()
    {
        var caught = VirtualTime.Run(async () =>
        {
            var scope = new CancelScope();
            scope.Cancel();
            await scope.RunAsync(async () => await TrioLowLevel.CancelShieldedCheckpoint());
            return scope.CancelledCaught;
        });

        Assert.False(caught);
    }

    [Fact]
    public void CancelShieldedCheckpoint_WithAnotherRunnableTask_LetsItRunFirst()
    {
        var log = VirtualTime.Run(async () =>
        {
            var log = new List<string>();
            await Nursery.RunAsync(async n =>
            {
                n.StartSoon(() =>
                {
                    log.Add("child");
                    return Task.CompletedTask;
                });
                await TrioLowLevel.CancelShieldedCheckpoint();
                log.Add("parent");
            });
            return log;
        });

        Assert.Equal(["child", "parent"], log);
    }
}
