using System.Security.Cryptography;
using System.Text.Json;
using TrioSharp.Mirror;

namespace TrioSharp.Cli.Tests.Commands;

public sealed class DownloadCommandTests : IDisposable
{
    private static readonly GutenbergBook Holmes = GutenbergBook.All[2];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"triosharp-download-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private string In(string name) => Path.Combine(_dir, name);

    private string[] Files() => Directory.Exists(_dir) ? Directory.GetFiles(_dir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray() : [];

    private static string Url(MirrorServer mirror, string path) => new Uri(mirror.BaseAddress, path.TrimStart('/')).AbsoluteUri;

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task Download_ThreeBooksOnAPipe_PrintsSeedStyleLinesAndSavesEveryByte()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var run = await CliRun.InvokeAsync(["download", "-o", _dir, .. GutenbergBook.All.Select(b => Url(mirror, b.Path))]);

        Assert.Equal(0, run.ExitCode);
        var names = GutenbergBook.All.Select(b => b.Path[(b.Path.LastIndexOf('/') + 1)..]).ToList();
        Assert.Equal(["(1) Downloading 2600-0.txt...", "(2) Downloading pg1342.txt...", "(3) Downloading 1661-0.txt..."], run.Lines[..3]);
        Assert.Equal(names.Select(n => $"Finished downloading {n}").Order(), run.Lines[3..].Order());
        foreach (var (book, name) in GutenbergBook.All.Zip(names))
        {
            Assert.Equal(book.Content(), await File.ReadAllBytesAsync(In(name)));
        }

        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public async Task Download_Json_PrintsOneObjectPerFileWithItsHash()
    {
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { CutBodyAt = 1000, CutFirst = 1 } });

        var run = await CliRun.InvokeAsync("download", "--json", "-o", _dir, Url(mirror, Holmes.Path));

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(run.Lines));
        var root = json.RootElement;
        Assert.Equal("1661-0.txt", root.GetProperty("name").GetString());
        Assert.Equal(Url(mirror, Holmes.Path), root.GetProperty("url").GetString());
        Assert.Equal(Holmes.Size, root.GetProperty("bytes").GetInt64());
        Assert.Equal(Sha(Holmes.Content()), root.GetProperty("sha256").GetString());
        Assert.Equal(2, root.GetProperty("attempts").GetInt32());
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.True(root.GetProperty("seconds").GetDouble() >= 0);
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(In("1661-0.txt")));
    }

    [Fact]
    public async Task Download_InputFileWithNamesAndChecksums_SavesUnderThoseNames()
    {
        await using var mirror = await MirrorServer.StartAsync();
        var file = new GeneratedFile("a.bin", 10_000);
        var list = Path.GetTempFileName();
        await File.WriteAllLinesAsync(list, [
            "# books",
            $"{Url(mirror, Holmes.Path)} Sherlock Holmes.txt",
            string.Empty,
            $"{Url(mirror, file.Path)} sha256:{Sha(file.Content())} data.bin",
        ]);
        try
        {
            var run = await CliRun.InvokeAsync("download", "-i", list, "-o", _dir);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(["Sherlock Holmes.txt", "data.bin"], Files());
            Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(In("Sherlock Holmes.txt")));
            Assert.Equal(file.Content(), await File.ReadAllBytesAsync(In("data.bin")));
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Fact]
    public async Task Download_UrlsOnStandardInput_DownloadsThem()
    {
        await using var mirror = await MirrorServer.StartAsync();
        var files = Enumerable.Range(0, 5).Select(i => new GeneratedFile($"s{i}.bin", 4096 * (i + 1))).ToList();

        var run = await CliRun.InvokeAsync(
            new CliSetup(Input: string.Join('\n', files.Select(f => Url(mirror, f.Path)))), "download", "-i", "-", "-o", _dir, "-j", "2");

        Assert.Equal(0, run.ExitCode);
        foreach (var file in files)
        {
            Assert.Equal(file.Content(), await File.ReadAllBytesAsync(In(file.Name)));
        }
    }

    [Theory]
    [InlineData("ftp://example.org/a", "'ftp://example.org/a' is not an absolute http:// or https:// URL.")]
    [InlineData("not a url", "'not a url' is not an absolute http:// or https:// URL.")]
    public async Task Download_BadUrl_PrintsOneLineErrorAndDownloadsNothing(string url, string message)
    {
        var run = await CliRun.InvokeAsync("download", "-o", _dir, "http://127.0.0.1:1/first.bin", url);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: '{url}': {message}", run.ErrorLines[0]);
        Assert.Empty(Files());
    }

    [Fact]
    public async Task Download_BadInputFileLine_NamesTheFileAndLine()
    {
        var list = Path.GetTempFileName();
        await File.WriteAllLinesAsync(list, ["http://127.0.0.1:1/a.bin", "http://127.0.0.1:1/b.bin ../escape.bin"]);
        try
        {
            var run = await CliRun.InvokeAsync("download", "-i", list, "-o", _dir);

            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith($"error: {list}:2: '../escape.bin' is not a plain file name", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Fact]
    public async Task Download_ChecksumWithTwoUrls_IsRejected()
    {
        var run = await CliRun.InvokeAsync("download", "--checksum", "sha256:" + new string('0', 64), "http://127.0.0.1:1/a", "http://127.0.0.1:1/b");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --checksum applies to a single URL", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_MaxTimeZero_IsRejected()
    {
        var run = await CliRun.InvokeAsync("download", "--max-time", "0", "http://127.0.0.1:1/a");

        Assert.Equal((2, "error: --max-time must be a positive number of seconds."), (run.ExitCode, run.ErrorLines[0]));
    }

    [Fact]
    public async Task Download_MaxTimeWhileTheServerWaits_FailsThatFileNamingTheLimit()
    {
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { Latency = TimeSpan.FromMinutes(5) } });

        var run = await CliRun.InvokeAsync("download", "-q", "--max-time", "0.5", "-o", _dir, Url(mirror, Holmes.Path));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"Failed downloading 1661-0.txt: {Url(mirror, Holmes.Path)}: not done within 0.5 s (1 attempts, 0 of ? bytes).", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_NothingGiven_SaysHowToGiveUrls()
    {
        var run = await CliRun.InvokeAsync("download");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: nothing to download", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_ChecksumMismatch_ExitsOneKeepingOnlyThePartFile()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var run = await CliRun.InvokeAsync("download", "-o", _dir, "--checksum", "sha256:" + new string('a', 64), Url(mirror, Holmes.Path));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Failed downloading 1661-0.txt: ", run.Output, StringComparison.Ordinal);
        Assert.Contains("SHA-256 is " + Sha(Holmes.Content()), run.Output, StringComparison.Ordinal);
        Assert.Equal("error: 1 of 1 downloads failed: 1661-0.txt.", run.Error.TrimEnd());
        Assert.Equal(["1661-0.txt.part", "1661-0.txt.part.meta"], Files());
    }

    [Fact]
    public async Task Download_OneFileMissing_ExitsOneAfterSavingTheOthers()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var run = await CliRun.InvokeAsync("download", "-o", _dir, Url(mirror, "/missing.bin"), Url(mirror, Holmes.Path));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Failed downloading missing.bin: ", run.Output, StringComparison.Ordinal);
        Assert.Equal(1, mirror.RequestsFor("/missing.bin"));
        Assert.Equal(["1661-0.txt"], Files());
    }

    [Fact]
    public async Task Download_Quiet_PrintsOnlyTheFailureAndSavesTheOthers()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var run = await CliRun.InvokeAsync("download", "-q", "-o", _dir, Url(mirror, "/missing.bin"), Url(mirror, Holmes.Path));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.StartsWith("Failed downloading missing.bin: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("1 of 2 downloads failed: missing.bin", run.Error, StringComparison.Ordinal);
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(In("1661-0.txt")));
    }

    [Fact]
    public async Task Download_RedirectToFileUrl_ExitsOneWithOneLineAndSavesTheOthers()
    {
        await using var mirror = await MirrorServer.StartAsync();
        var evil = Url(mirror, "redirect?to=" + Uri.EscapeDataString("file:///etc/passwd"));

        var run = await CliRun.InvokeAsync("download", "-q", "-o", _dir, evil, Url(mirror, Holmes.Path));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            [$"Failed downloading redirect: {evil} answered HTTP 302 Found to 'file:///etc/passwd', which is not an http:// or https:// URL.",
             "error: 1 of 2 downloads failed: redirect."],
            run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["1661-0.txt"], Files());
    }

    [Fact]
    public async Task Download_RedirectLoop_SaysTooManyRedirectsWithTheChain()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var run = await CliRun.InvokeAsync("download", "-q", "--max-redirects", "2", "-o", _dir, Url(mirror, "loop/a"));

        Assert.Equal(1, run.ExitCode);
        var (a, b) = (Url(mirror, "loop/a"), Url(mirror, "loop/b"));
        Assert.StartsWith($"Failed downloading a: {a}: too many redirects (2): {a} → {b} → {a} → …\n", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_TimestampingRerun_SkipsEveryFileAndExitsZero()
    {
        await using var mirror = await MirrorServer.StartAsync();
        string[] args = ["download", "-N", "-o", _dir, .. GutenbergBook.All.Select(b => Url(mirror, b.Path))];
        await CliRun.InvokeAsync(args);

        var rerun = await CliRun.InvokeAsync(args);

        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(["Skipped 1661-0.txt: up to date", "Skipped 2600-0.txt: up to date", "Skipped pg1342.txt: up to date"], rerun.Lines.Where(l => l.StartsWith("Skipped", StringComparison.Ordinal)).Order());
        Assert.Equal(6, mirror.RequestCount);
        Assert.Equal(["1661-0.txt", "2600-0.txt", "pg1342.txt"], Files());
    }

    [Fact]
    public async Task Download_SkipExistingRerun_MakesNoRequestAndLeavesTheFilesAsTheyWere()
    {
        await using var mirror = await MirrorServer.StartAsync();
        string[] args = ["download", "--skip-existing", "-o", _dir, .. GutenbergBook.All.Select(b => Url(mirror, b.Path))];
        await CliRun.InvokeAsync(args);
        await File.WriteAllTextAsync(In("1661-0.txt"), "changed here");

        var rerun = await CliRun.InvokeAsync(args);

        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(["Skipped 1661-0.txt: already there", "Skipped 2600-0.txt: already there", "Skipped pg1342.txt: already there"], rerun.Lines.Order());
        Assert.Equal(3, mirror.RequestCount);
        Assert.Equal(["1661-0.txt", "2600-0.txt", "pg1342.txt"], Files());
        Assert.Equal("changed here", await File.ReadAllTextAsync(In("1661-0.txt")));
        Assert.Equal(GutenbergBook.All[0].Content(), await File.ReadAllBytesAsync(In("2600-0.txt")));
    }

    [Theory]
    [InlineData("--force", "error: --skip-existing and --force contradict each other: one keeps an existing file, the other replaces it.")]
    [InlineData("-N", "error: --skip-existing and --timestamping contradict each other: -N asks the server whether an existing file is current; choose one.")]
    public async Task Download_SkipExistingWithAnOptionThatReplacesFiles_IsRejected(string other, string error)
    {
        var run = await CliRun.InvokeAsync("download", "--skip-existing", other, "http://127.0.0.1:1/a");

        Assert.Equal((2, error), (run.ExitCode, run.ErrorLines[0]));
    }

    [Fact]
    public async Task Download_TimestampingAndNoClobber_IsRejected()
    {
        var run = await CliRun.InvokeAsync("download", "-N", "--no-clobber", "http://127.0.0.1:1/a");

        Assert.Equal((2, "error: --timestamping and --no-clobber contradict each other: -N replaces a file when the server's copy is newer."), (run.ExitCode, run.ErrorLines[0]));
    }

    [Fact]
    public async Task Download_OutputDocumentDash_WritesTheBytesToStandardOutputResumingACutBody()
    {
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { CutBodyAt = 100_000, CutFirst = 1 } });
        using var bytes = new MemoryStream();
        Directory.CreateDirectory(_dir);

        var run = await CliRun.InvokeAsync(new CliSetup(BinaryOutput: bytes), "download", "-O", "-", "-o", _dir, Url(mirror, Holmes.Path));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Holmes.Content(), bytes.ToArray());
        Assert.Equal(string.Empty, run.Output);
        Assert.Contains("Finished downloading 1661-0.txt", run.Error, StringComparison.Ordinal);
        Assert.Equal("bytes=100000-", mirror.Requests[^1].Range);
        Assert.Empty(Files());
    }

    [Fact]
    public async Task Download_OutputDocumentDashAndTheFileChangesMidway_FailsRatherThanSplice()
    {
        await using var mirror = await MirrorServer.StartAsync(
            new MirrorOptions { Faults = new MirrorFaults { CutBodyAt = 100_000, CutFirst = 1, ChangeContentAfter = 1 } });
        using var bytes = new MemoryStream();

        var run = await CliRun.InvokeAsync(new CliSetup(BinaryOutput: bytes), "download", "-q", "-O", "-", Url(mirror, Holmes.Path));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(
            $"{Url(mirror, Holmes.Path)}: cannot write the output stream: cannot start again from byte 0: 100000 bytes already went there",
            run.Error,
            StringComparison.Ordinal);
        Assert.Equal(Holmes.Content(0)[..100_000], bytes.ToArray());
    }

    [Theory]
    [InlineData("out.txt", "error: -O 'out.txt': only '-' (standard output) is supported; -o DIR chooses where files go.")]
    [InlineData("-", "error: -O - writes one URL to standard output; 2 were given.")]
    public async Task Download_OutputDocumentMisused_IsRejected(string document, string message)
    {
        var run = await CliRun.InvokeAsync("download", "-O", document, "http://127.0.0.1:1/a", "http://127.0.0.1:1/b");

        Assert.Equal((2, message), (run.ExitCode, run.ErrorLines[0]));
    }

    [Fact]
    public async Task Download_QuietAndJson_IsRejected()
    {
        var run = await CliRun.InvokeAsync("download", "-q", "--json", "http://127.0.0.1:1/a");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--quiet and --json", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_ExistingFile_GetsASuffixUnlessForced()
    {
        await using var mirror = await MirrorServer.StartAsync();
        Directory.CreateDirectory(_dir);
        await File.WriteAllTextAsync(In("1661-0.txt"), "mine");

        var suffixed = await CliRun.InvokeAsync("download", "-o", _dir, Url(mirror, Holmes.Path));
        var refused = await CliRun.InvokeAsync("download", "-o", _dir, "--no-clobber", Url(mirror, Holmes.Path));
        var forced = await CliRun.InvokeAsync("download", "-o", _dir, "--force", Url(mirror, Holmes.Path));

        Assert.Equal((0, 1, 0), (suffixed.ExitCode, refused.ExitCode, forced.ExitCode));
        Assert.Contains("Finished downloading 1661-0.1.txt", suffixed.Output, StringComparison.Ordinal);
        Assert.Equal(["1661-0.1.txt", "1661-0.txt"], Files());
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(In("1661-0.txt")));
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(In("1661-0.1.txt")));
    }

    [Fact]
    public async Task Download_CtrlC_ExitsWith130KeepingThePartFileAndTheRerunResumes()
    {
        // Larger than the receive buffer, so bytes reach the .part while the body waits (a body that fits is written whole).
        var file = new GeneratedFile("big.bin", 1_000_000);
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { StallBodyAt = 600_000, StallFirst = 1 } });
        using var ctrlC = new CancellationTokenSource();
        var part = In("big.bin.part");

        var running = CliRun.InvokeAsync(new CliSetup(Cancellation: ctrlC.Token), "download", "-o", _dir, Url(mirror, file.Path));
        // The body stalls at 600,000 bytes: press Ctrl+C once they are on disk (generous bound, no fixed sleep).
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!File.Exists(part) || new FileInfo(part).Length < 600_000)
            {
                await Task.Delay(10, bound.Token);
            }
        }

        await ctrlC.CancelAsync();
        var interrupted = await running;
        var resumed = await CliRun.InvokeAsync("download", "-o", _dir, Url(mirror, file.Path));

        Assert.Equal(130, interrupted.ExitCode);
        Assert.Contains("Interrupted: 0 of 1 files downloaded. Left:", interrupted.Lines);
        Assert.Contains($"  big.bin (cancelled, 600000 of 1000000 bytes kept in {part})", interrupted.Lines);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(("bytes=600000-", 206), (mirror.Requests[1].Range, mirror.Requests[1].Status));
        Assert.Equal(["big.bin"], Files());
        Assert.Equal(file.Content(), await File.ReadAllBytesAsync(In("big.bin")));
    }

    [Fact]
    public async Task Download_OnATerminal_DrawsTheLiveDisplayAndFinishedLines()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var run = await CliRun.InvokeAsync(new CliSetup(IsTerminal: true), "download", "-o", _dir, Url(mirror, Holmes.Path));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Finished\u001b[0m downloading 1661-0.txt", run.Output, StringComparison.Ordinal);
        // The live region hides the cursor while it draws; its rows come from a timer, so they are not asserted.
        Assert.StartsWith("\u001b[?25l", run.Output, StringComparison.Ordinal);
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(In("1661-0.txt")));
    }
}
