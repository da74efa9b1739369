using TrioSharp.Cli.Seeds;
using TrioSharp.Mirror;

namespace TrioSharp.Cli.Tests.Seeds;

public sealed class Task2Tests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"triosharp-task2-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Task2_AgainstMirror_SavesEveryBookByteForByte()
    {
        await using var mirror = await MirrorServer.StartAsync();
        using var output = new StringWriter();
        var settings = new SeedSettings { Output = output, Gutenberg = mirror.BaseAddress, DownloadDirectory = _directory };

        await Task.Run(() => Trio.Run(() => Task2.RunAsync(settings)));

        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["(1) Downloading War and Peace...", "(2) Downloading Pride and Prejudice...", "(3) Downloading The Adventures of Sherlock Holmes..."],
            lines[..3]);
        Assert.Equal(
            GutenbergBook.All.Select(b => $"Finished downloading {b.Title}").Order(),
            lines[3..].Order());
        foreach (var book in GutenbergBook.All)
        {
            Assert.Equal(book.Content(), await File.ReadAllBytesAsync(Path.Combine(_directory, book.Title + ".txt")));
        }

        Assert.Empty(Directory.GetFiles(_directory, "*.part"));
    }

    [Fact]
    public async Task Task2_BodyCutMidway_LeavesNoFileUnderAFinalName()
    {
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { CutBodyAt = 1000 } });
        using var output = new StringWriter();
        var settings = new SeedSettings { Output = output, Gutenberg = mirror.BaseAddress, DownloadDirectory = _directory };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Task.Run(() => Trio.Run(() => Task2.RunAsync(settings))));

        Assert.IsType<ExceptionGroup>(error);
        Assert.Empty(Directory.GetFiles(_directory));
    }
}
