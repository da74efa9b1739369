using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>Names from servers and URLs stay inside the download directory; taken names are never overwritten by default.</summary>
public sealed class NameTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("../../evil.txt", "evil.txt")]
    [InlineData("/etc/passwd", "passwd")]
    [InlineData("..\\..\\win.ini", "win.ini")]
    [InlineData("bell\u0007and\u001bescape.txt", "bellandescape.txt")]
    [InlineData("a<b>c:d|e?f*.txt", "a_b_c_d_e_f_.txt")]
    [InlineData("NUL.txt", "_NUL.txt")]
    [InlineData("  spaced.txt. ", "spaced.txt")]
    [InlineData("caf\u00e9.txt", "caf\u00e9.txt")]
    public void Sanitize_HostileName_KeepsOnlyAPlainName(string raw, string expected) => Assert.Equal(expected, SafeFileName.Sanitize(raw));

    [Theory]
    [InlineData("..")]
    [InlineData("../")]
    [InlineData(".")]
    [InlineData("\u0001\u0002")]
    [InlineData("")]
    public void Sanitize_NothingUsable_ReturnsNull(string raw) => Assert.Null(SafeFileName.Sanitize(raw));

    [Fact]
    public void Sanitize_OverlongName_KeepsTheExtensionWithin200Bytes()
    {
        var name = SafeFileName.Sanitize(new string('\u00e9', 300) + ".tar.gz")!;

        Assert.EndsWith(".gz", name, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(name) <= 200);
    }

    [Theory]
    [InlineData("http://h.test/a/b/report.pdf?x=1", "report.pdf")]
    [InlineData("http://h.test/", "index.html")]
    [InlineData("http://h.test/dir/%2e%2e", "index.html")]
    [InlineData("http://h.test/x/%2E%2E%2Fetc%2Fpasswd", "passwd")]
    [InlineData("http://h.test/my%20file.txt", "my file.txt")]
    public void FromUrl_Url_TakesTheSanitisedLastSegment(string url, string expected) => Assert.Equal(expected, SafeFileName.FromUrl(new Uri(url)));

    [Theory]
    [InlineData("dir/a.txt")]
    [InlineData("..")]
    [InlineData("a\u0001.txt")]
    public void DownloadRequest_NameThatIsNotPlain_IsRejected(string name) =>
        Assert.Throws<ArgumentException>(() => new DownloadRequest(new Uri("http://h.test/a"), name));

    [Theory]
    [InlineData("ftp://h.test/a")]
    [InlineData("file:///etc/passwd")]
    public void DownloadRequest_NotHttp_IsRejected(string url) => Assert.Throws<ArgumentException>(() => new DownloadRequest(new Uri(url)));

    [Fact]
    public void DownloadRequest_ChecksumNotHex_IsRejected() =>
        Assert.Throws<ArgumentException>(() => new DownloadRequest(new Uri("http://h.test/a"), sha256: "xyz"));

    [Theory]
    [InlineData("../../evil\u0001.txt", "evil.txt")]
    [InlineData("/etc/passwd", "passwd")]
    [InlineData("..", "x.bin")]
    public async Task DownloadAll_HostileContentDisposition_SavesInsideTheDirectoryUnderAPlainName(string disposition, string expected)
    {
        await using var mirror = await MirrorServer.StartAsync();
        var file = new GeneratedFile("x.bin", 5000);
        var inside = _dir["a/b"];

        var results = await Run.RealAsync(Run.Fast(inside), [Run.Get(mirror.BaseAddress, file.Path + "?filename=" + Uri.EscapeDataString(disposition))]);

        Assert.Equal(expected, results[0].FileName);
        Assert.Equal(file.Content(), await File.ReadAllBytesAsync(Path.Combine(inside, expected)));
        Assert.Equal([Path.Combine(inside, expected)], Directory.GetFiles(_dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task DownloadAll_ExistingFileWithSuffixPolicy_SavesUnderTheNextFreeName()
    {
        await using var mirror = await MirrorServer.StartAsync();
        var file = new GeneratedFile("a.bin", 3000);
        await File.WriteAllTextAsync(_dir["a.bin"], "mine");

        var results = await Run.RealAsync(Run.Fast(_dir.Path), [Run.Get(mirror.BaseAddress, file.Path)]);

        Assert.Equal("a.1.bin", results[0].FileName);
        Assert.Equal("mine", await File.ReadAllTextAsync(_dir["a.bin"]));
        Assert.Equal(file.Content(), await File.ReadAllBytesAsync(_dir["a.1.bin"]));
    }

    [Fact]
    public async Task DownloadAll_ExistingFileWithFailPolicy_FailsThatFileOnlyAndLeavesTheFile()
    {
        await using var mirror = await MirrorServer.StartAsync();
        var taken = new GeneratedFile("a.bin", 3000);
        var free = new GeneratedFile("b.bin", 3000);
        await File.WriteAllTextAsync(_dir["a.bin"], "mine");

        var results = await Run.RealAsync(
            Run.Fast(_dir.Path) with { Collision = CollisionPolicy.Fail }, [Run.Get(mirror.BaseAddress, taken.Path), Run.Get(mirror.BaseAddress, free.Path)]);

        Assert.Equal((DownloadState.Failed, DownloadFailure.NameCollision), (results[0].State, results[0].Error?.Reason));
        Assert.Equal(DownloadState.Completed, results[1].State);
        Assert.Equal("mine", await File.ReadAllTextAsync(_dir["a.bin"]));
        Assert.Equal(0, mirror.RequestsFor(taken.Path));
    }

    [Fact]
    public async Task DownloadAll_ExistingFileWithOverwritePolicy_ReplacesIt()
    {
        await using var mirror = await MirrorServer.StartAsync();
        var file = new GeneratedFile("a.bin", 3000);
        await File.WriteAllTextAsync(_dir["a.bin"], "mine");

        await Run.RealAsync(Run.Fast(_dir.Path) with { Collision = CollisionPolicy.Overwrite }, [Run.Get(mirror.BaseAddress, file.Path)]);

        Assert.Equal(["a.bin"], _dir.Files());
        Assert.Equal(file.Content(), await File.ReadAllBytesAsync(_dir["a.bin"]));
    }

    [Fact]
    public async Task DownloadAll_TwoUrlsWithTheSameName_SavesBothUnderDistinctNames()
    {
        await using var mirror = await MirrorServer.StartAsync();
        var small = new GeneratedFile("same.bin", 1000);
        var large = new GeneratedFile("same.bin", 2000);

        var results = await Run.RealAsync(
            Run.Fast(_dir.Path) with { Collision = CollisionPolicy.Overwrite }, [Run.Get(mirror.BaseAddress, small.Path), Run.Get(mirror.BaseAddress, large.Path)]);

        Assert.Equal(["same.bin", "same.1.bin"], results.Select(r => r.FileName));
        Assert.Equal(small.Content(), await File.ReadAllBytesAsync(_dir["same.bin"]));
        Assert.Equal(large.Content(), await File.ReadAllBytesAsync(_dir["same.1.bin"]));
    }
}
