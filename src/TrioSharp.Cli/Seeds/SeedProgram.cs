namespace TrioSharp.Cli.Seeds;

/// <summary>One program of the seed exercises.</summary>
/// <param name="Name">The name given on the command line (1a, 1b, 2, ...).</param>
/// <param name="Title">What the program shows, for help and headers.</param>
/// <param name="Main">The program's entry point, run inside <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/>.</param>
/// <param name="UsesNetwork">Whether it talks to Project Gutenberg or the World Bank (and so needs --offline here).</param>
internal sealed record SeedProgram(string Name, string Title, Func<SeedSettings, Task> Main, bool UsesNetwork)
{
    /// <summary>Every seed program, in the seed's order.</summary>
    public static IReadOnlyList<SeedProgram> All { get; } =
    [
        new("1a", "timer and delayed hello under a timeout", s => Task1a.RunAsync(s.Output), false),
        new("1b", "concurrent error handling", s => Task1b.RunAsync(s.Output), false),
        new("2", "parallel downloads of three books", Task2.RunAsync, true),
        new("3a", "World Bank GDP, 5 requests at a time, channel closed by a 3-second timer", Task3a.RunAsync, true),
        new("3b", "World Bank GDP as a producer/consumer pipeline", Task3b.RunAsync, true),
        new("4a", "basic priority scheduler", Task4.RunBasicAsync, false),
        new("4b", "advanced priority scheduler: add, cancel, reschedule, shutdown", Task4.RunAdvancedAsync, false),
    ];

    /// <summary>Runs the program on a fresh loop.</summary>
    public void Run(SeedSettings settings) => Trio.Run(() => Main(settings), settings.RunOptions());
}
