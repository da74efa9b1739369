namespace TrioSharp.Tests.Runtime;

public class SeedOrderTests
{
    [Fact]
    public void MoveOnAfter_TimerAndDelayedHello_PrintsSeedTask1a()
    {
        var log = new List<string>();
        VirtualTime.Run(async () =>
        {
            log.Add("Starting...");
            await Trio.MoveOnAfter(2.5, () => Nursery.RunAsync(n =>
            {
                n.StartSoon(async () =>
                {
                    for (var i = 1; ; i++)
                    {
                        await Trio.Sleep(1);
                        log.Add(i == 1 ? "1 second has passed" : $"{i} seconds have passed");
                    }
                });
                n.StartSoon(async () =>
                {
                    await Trio.Sleep(2.1);
                    log.Add("Hello, World!");
                });
                return Task.CompletedTask;
            }));
            log.Add($"Completed! {VirtualTime.Now}");
        });
        Assert.Equal(["Starting...", "1 second has passed", "2 seconds have passed", "Hello, World!", "Completed! 2.5"], log);
    }
}
