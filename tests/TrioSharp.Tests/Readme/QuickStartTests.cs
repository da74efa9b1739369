namespace TrioSharp.Tests.Readme;

[Collection(nameof(ConsoleRedirection))]
public sealed class QuickStartTests
{
    [Fact]
    public void QuickStart_AsWrittenInTheReadme_PrintsWhatItsCommentSays()
    {
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            ReadmeQuickStart.Run();
        }
        finally
        {
            Console.SetOut(console);
        }

        // The README's comment: "after 2.5 s: 1 s, 2 s, Hello, timed out: True".
        Assert.Equal("1 s\n2 s\nHello, World!\nCompleted! timed out: True\n", output.ToString().ReplaceLineEndings("\n"));
    }
}
