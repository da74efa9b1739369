using TrioSharp.Cli.Seeds;

namespace TrioSharp.Cli.Tests.Seeds;

public class Task1Tests
{
    [Fact]
    public void Task1a_VirtualClock_PrintsSeedOutputAt2Point5Seconds()
    {
        using var output = new StringWriter();
        var elapsed = Trio.Run(async () =>
        {
            await Task1a.RunAsync(output);
            return Trio.CurrentTime;
        }, new TrioRunOptions { Clock = new VirtualClock() });

        Assert.Equal(
            "Starting...\n1 second has passed\n2 seconds have passed\nHello, World!\nCompleted!\n",
            output.ToString().ReplaceLineEndings("\n"));
        Assert.Equal(TimeSpan.FromSeconds(2.5), elapsed);
    }

    [Fact]
    public void Task1b_VirtualClock_PrintsEveryUserInCompletionOrder()
    {
        using var output = new StringWriter();
        Trio.Run(() => Task1b.RunAsync(output), new TrioRunOptions { Clock = new VirtualClock() });

        Assert.Equal(
            """
            Results:
            User 5: {'status': 'error', 'error': 'User 5 not found'}
            User 4: {'status': 'success', 'data': {'id': 4, 'username': 'User 4'}}
            User 3: {'status': 'error', 'error': 'User 3 not found'}
            User 2: {'status': 'success', 'data': {'id': 2, 'username': 'User 2'}}
            User 1: {'status': 'error', 'error': 'User 1 not found'}

            """.ReplaceLineEndings("\n"),
            output.ToString().ReplaceLineEndings("\n"));
    }
}
