using System.Diagnostics;
using TrioSharp.Downloads;
using Xunit.Abstractions;

namespace TrioSharp.Downloads.Tests;

/// <summary>Whatever goes wrong with one file (redirects, handler bugs, a full disk) is that file's one-line failure; the others complete.</summary>
public sealed class FailureIsolationTests(ITestOutputHelper output) : IDisposable
{
    private static readonly GutenbergBook Holmes = GutenbergBook.All[2];
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Redirect(string target) => "redirect?to=" + Uri.EscapeDataString(target);

    [Fact]
    public async Task DownloadAll_RedirectToFileUrl_FailsThatFileAloneWithoutAPartFile()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var results = await Run.RealAsync(
            Run.Fast(_dir.Path),
            [Run.Get(mirror.BaseAddress, Redirect("file:///etc/passwd"), "evil.txt"), Run.Get(mirror.BaseAddress, Holmes.Path)]);

        Assert.Equal((DownloadState.Failed, DownloadFailure.Redirect, 1), (results[0].State, results[0].Error?.Reason, results[0].Attempts));
        Assert.EndsWith("answered HTTP 302 Found to 'file:///etc/passwd', which is not an http:// or https:// URL.", results[0].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(DownloadState.Completed, results[1].State);
        Assert.Equal(["1661-0.txt"], _dir.Files());
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(_dir["1661-0.txt"]));
    }

    [Fact]
    public async Task DownloadAll_RedirectToRelativeHttpPath_FollowsItAndSavesUnderTheRequestedName()
    {
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { CutBodyAt = 100_000, CutFirst = 1 } });

        var results = await Run.RealAsync(Run.Fast(_dir.Path), [Run.Get(mirror.BaseAddress, Redirect(Holmes.Path), "holmes.txt")]);

        Assert.Equal((DownloadState.Completed, 2), (results[0].State, results[0].Attempts));
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(_dir["holmes.txt"]));

        // The resumed attempt carried its Range through the redirect.
        Assert.Equal(("bytes=100000-", 206), (mirror.Requests[^1].Range, mirror.Requests[^1].Status));
    }

    [Fact]
    public async Task DownloadAll_RedirectLoop_FailsNamingTheLimitAndTheChain()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var results = await Run.RealAsync(Run.Fast(_dir.Path) with { MaxRedirects = 3 }, [Run.Get(mirror.BaseAddress, "loop/a")]);

        var a = new Uri(mirror.BaseAddress, "loop/a");
        var b = new Uri(mirror.BaseAddress, "loop/b");
        Assert.Equal((DownloadState.Failed, DownloadFailure.Redirect), (results[0].State, results[0].Error?.Reason));
        Assert.Equal($"{a}: too many redirects (3): {a} → {b} → {a} → …", results[0].Error!.Message);
        Assert.Equal(4, mirror.RequestCount);
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public async Task DownloadAll_MaxRedirectsZero_RefusesTheFirstRedirect()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var results = await Run.RealAsync(Run.Fast(_dir.Path) with { MaxRedirects = 0 }, [Run.Get(mirror.BaseAddress, Redirect(Holmes.Path), "h.txt")]);

        Assert.StartsWith($"{new Uri(mirror.BaseAddress, Redirect(Holmes.Path))}: too many redirects (0): ", results[0].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(1, mirror.RequestCount);
    }

    [Fact]
    public void DownloadAll_HandlerThrowsUnexpectedException_FailsThatFileWithOneLineAndTheOthersComplete()
    {
        var body = new byte[1000];
        var handler = new ScriptedHandler((request, _) => request.RequestUri!.AbsolutePath == "/bug.bin"
            ? throw new InvalidOperationException("a bug\nover two lines")
            : Task.FromResult(ScriptedHandler.Ok(body)));

        var results = Run.Virtual(
            new DownloadOptions { Directory = _dir.Path }, handler, [new(new Uri("http://files.test/bug.bin")), new(new Uri("http://files.test/ok.bin"))]);

        Assert.Equal((DownloadState.Failed, DownloadFailure.Unexpected, 1), (results[0].State, results[0].Error?.Reason, results[0].Attempts));
        Assert.Equal("http://files.test/bug.bin: InvalidOperationException: a bug over two lines", results[0].Error!.Message);
        Assert.Equal(DownloadState.Completed, results[1].State);
        Assert.Equal(["ok.bin"], _dir.Files());
    }

    [Fact]
    public async Task DownloadAll_DiskFills_FailsWithNoSpaceKeepsAConsistentPartAndResumesOnceThereIsRoom()
    {
        using var disk = SmallDisk.TryMount(_dir["disk"], 1, output);
        if (disk is null)
        {
            return; // SmallDisk said why (mounting needs root).
        }

        // 1 MiB of tmpfs: the 100 KiB file fits, the 3 MiB one does not.
        var big = new GeneratedFile("big.bin", 3 << 20);
        var small = new GeneratedFile("small.bin", 100_000);
        await using var mirror = await MirrorServer.StartAsync();
        var options = Run.Fast(disk.Path) with { MaxConcurrency = 1 };

        var results = await Run.RealAsync(options, [Run.Get(mirror.BaseAddress, small.Path), Run.Get(mirror.BaseAddress, big.Path)]);

        Assert.Equal(DownloadState.Completed, results[0].State);
        Assert.Equal(small.Content(), await File.ReadAllBytesAsync(Path.Combine(disk.Path, "small.bin")));
        Assert.Equal((DownloadState.Failed, DownloadFailure.FileSystem), (results[1].State, results[1].Error?.Reason));
        Assert.Contains("No space left on device", results[1].Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', results[1].Error!.Message);
        var part = await File.ReadAllBytesAsync(Path.Combine(disk.Path, "big.bin.part"));
        Assert.InRange(part.Length, 1, (1 << 20) - 1);
        Assert.Equal(big.Content()[..part.Length], part);
        Assert.False(File.Exists(Path.Combine(disk.Path, "big.bin")));

        disk.Grow(8);
        var rerun = await Run.RealAsync(options, [Run.Get(mirror.BaseAddress, big.Path)]);

        Assert.Equal(DownloadState.Completed, rerun[0].State);
        Assert.Equal(big.Content(), await File.ReadAllBytesAsync(Path.Combine(disk.Path, "big.bin")));
        Assert.Equal($"bytes={part.Length}-", mirror.Requests[^1].Range);
    }

    [Fact]
    public async Task DownloadAll_DirectoryNotWritable_FailsEachFileWithOneLineAndReturns()
    {
        using var disk = SmallDisk.TryMount(_dir["readonly"], 1, output);
        if (disk is null)
        {
            return; // SmallDisk said why (mounting needs root).
        }

        // Read-only rather than chmod: root (which mounting needs) may write anywhere the modes forbid.
        disk.Remount("ro");
        await using var mirror = await MirrorServer.StartAsync();

        var results = await Run.RealAsync(Run.Fast(disk.Path), [Run.Get(mirror.BaseAddress, Holmes.Path), Run.Get(mirror.BaseAddress, "data/5000/a.bin")]);

        Assert.All(results, r => Assert.Equal((DownloadState.Failed, DownloadFailure.FileSystem, 0), (r.State, r.Error?.Reason, r.Attempts)));
        Assert.All(results, r => Assert.Contains("Read-only file system", r.Error!.Message, StringComparison.Ordinal));
        Assert.Equal(0, mirror.RequestCount);
    }

    /// <summary>A tmpfs of a few MiB mounted for one test (Linux, as root), unmounted on dispose.</summary>
    private sealed class SmallDisk : IDisposable
    {
        private SmallDisk(string path) => Path = path;

        public string Path { get; }

        public static SmallDisk? TryMount(string path, int mebibytes, ITestOutputHelper output)
        {
            Directory.CreateDirectory(path);
            var error = OperatingSystem.IsLinux() ? Mount("mount", "-t", "tmpfs", "-o", $"size={mebibytes}m", "tmpfs", path) : "not Linux";
            if (error is not null)
            {
                output.WriteLine($"Skipped: cannot mount a small tmpfs to fill ({error}); it needs Linux and root.");
                return null;
            }

            return new SmallDisk(path);
        }

        public void Grow(int mebibytes) => Remount($"size={mebibytes}m");

        public void Remount(string options) => Assert.Null(Mount("mount", "-o", $"remount,{options}", Path));

        public void Dispose() => Mount("umount", "-l", Path);

        /// <summary>Runs mount or umount; null on success, else what it printed.</summary>
        private static string? Mount(string tool, params string[] args)
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            try
            {
                using var process = Process.Start(start)!;
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                return process.ExitCode == 0 ? null : error.Trim();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return e.Message;
            }
        }
    }
}
