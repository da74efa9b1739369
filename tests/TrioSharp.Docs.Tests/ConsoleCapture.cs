namespace TrioSharp.Docs.Tests;

/// <summary>Runs a documentation program and returns what it wrote to the console.</summary>
internal static class ConsoleCapture
{
    /// <summary>Runs <paramref name="program"/> with <see cref="Console.Out"/> redirected; lines end in <c>\n</c>.</summary>
    public static async Task<string> RunAsync(Func<string[], Task> program, params string[] args)
    {
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            await program(args);
        }
        finally
        {
            Console.SetOut(console);
        }

        return output.ToString().ReplaceLineEndings("\n");
    }
}
