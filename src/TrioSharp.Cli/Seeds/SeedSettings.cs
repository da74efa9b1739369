namespace TrioSharp.Cli.Seeds;

/// <summary>Where a seed program writes, which clock it runs on, and which servers it talks to.</summary>
internal sealed record SeedSettings
{
    /// <summary>The real Project Gutenberg site.</summary>
    public static readonly Uri RealGutenberg = new("https://www.gutenberg.org/");

    /// <summary>The real World Bank API.</summary>
    public static readonly Uri RealWorldBank = new("https://api.worldbank.org/");

    /// <summary>Where the program prints.</summary>
    public required TextWriter Output { get; init; }

    /// <summary>Whether to run on the virtual clock.</summary>
    public bool VirtualTime { get; init; }

    /// <summary>The server standing in for www.gutenberg.org.</summary>
    public Uri Gutenberg { get; init; } = RealGutenberg;

    /// <summary>The server standing in for api.worldbank.org.</summary>
    public Uri WorldBank { get; init; } = RealWorldBank;

    /// <summary>Where task 2 saves the books.</summary>
    public string DownloadDirectory { get; init; } = "downloads";

    /// <summary>Where tasks 4a and 4b draw their SVG timeline, or null for none.</summary>
    public string? TimelinePath { get; init; }

    /// <summary>Cancels the program (Ctrl+C): its loop unwinds and <c>Trio.Run</c> throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The loop options for this run.</summary>
    public TrioRunOptions RunOptions() => new() { Clock = VirtualTime ? new VirtualClock() : new SystemClock(), Cancellation = Cancellation };
}
