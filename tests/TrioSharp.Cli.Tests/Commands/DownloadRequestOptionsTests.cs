using TrioSharp.Mirror;

namespace TrioSharp.Cli.Tests.Commands;

/// <summary>
/// -H, -A, -u and --proxy (and the proxy variables) against real mirrors: the mirror's <c>/headers</c> answers with the
/// headers it received, so the downloaded file shows what was sent.
/// </summary>
public sealed class DownloadRequestOptionsTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"triosharp-reqopt-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private string[] Received(string name = "headers") => File.ReadAllLines(Path.Combine(_dir, name));

    private static string Url(MirrorServer mirror, string path) => new Uri(mirror.BaseAddress, path).AbsoluteUri;

    [Fact]
    public async Task Download_HeadersAndUserAgent_AreSentOnTheRequest()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var run = await CliRun.InvokeAsync("download", "-q", "-o", _dir, "-H", "X-Token: abc", "-H", "Accept:text/plain", "-A", "agent/2 (test)", Url(mirror, "headers"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("X-Token: abc", Received());
        Assert.Contains("Accept: text/plain", Received());
        Assert.Contains("User-Agent: agent/2 (test)", Received());
    }

    [Fact]
    public async Task Download_DefaultUserAgent_NamesTriosharp()
    {
        await using var mirror = await MirrorServer.StartAsync();

        await CliRun.InvokeAsync("download", "-q", "-o", _dir, Url(mirror, "headers"));

        Assert.Contains("User-Agent: triosharp-download/1.0", Received());
    }

    [Theory]
    [InlineData("X-Token", "-H 'X-Token': a header looks like 'Name: value'.")]
    [InlineData("Range: bytes=5-", "-H 'Range': the download sets Range and If-Range itself, to resume.")]
    [InlineData("Content-Type: text/plain", "-H 'Content-Type': not a request header a GET can send.")]
    public async Task Download_BadHeader_IsRejectedNamingIt(string header, string message)
    {
        var run = await CliRun.InvokeAsync("download", "-H", header, "http://127.0.0.1:1/a");

        Assert.Equal((2, $"error: {message}"), (run.ExitCode, run.ErrorLines[0]));
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("0")]
    [InlineData("-5K")]
    public async Task Download_BadLimitRate_IsRejectedNamingIt(string rate)
    {
        var run = await CliRun.InvokeAsync("download", "--limit-rate", rate, "http://127.0.0.1:1/a");

        Assert.Equal((2, $"error: --limit-rate '{rate}' is not a rate: bytes per second, like 500K, 2M or 1.5G."), (run.ExitCode, run.ErrorLines[0]));
    }

    [Fact]
    public async Task Download_LimitRate_StillSavesEveryByte()
    {
        await using var mirror = await MirrorServer.StartAsync();
        var file = new GeneratedFile("paced.bin", 300_000);

        var run = await CliRun.InvokeAsync("download", "-q", "--limit-rate", "1.5M", "-o", _dir, Url(mirror, file.Path.TrimStart('/')));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(file.Content(), await File.ReadAllBytesAsync(Path.Combine(_dir, "paced.bin")));
    }

    [Fact]
    public async Task Download_UserWithoutPassword_IsRejected()
    {
        var run = await CliRun.InvokeAsync("download", "-u", "alice", "http://127.0.0.1:1/a");

        Assert.Equal((2, "error: -u takes USER:PASSWORD (triosharp does not ask for the password)."), (run.ExitCode, run.ErrorLines[0]));
    }

    [Fact]
    public async Task Download_UserOnSameHostRedirect_SendsBasicAuthAndNeverPrintsThePassword()
    {
        await using var mirror = await MirrorServer.StartAsync();

        var run = await CliRun.InvokeAsync(
            "download", "--json", "-o", _dir, "-u", "alice:s3cret", Url(mirror, "redirect?to=/headers"), Url(mirror, "missing/x.bin"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Authorization: Basic " + Convert.ToBase64String("alice:s3cret"u8.ToArray()), Received("redirect"));
        Assert.DoesNotContain("s3cret", run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String("alice:s3cret"u8.ToArray()), run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_UserAndCookieOnRedirectToAnotherHost_AreDropped()
    {
        await using var mirror = await MirrorServer.StartAsync();
        await using var other = await MirrorServer.StartAsync();
        var elsewhere = Url(other, "headers");

        var run = await CliRun.InvokeAsync(
            "download", "-q", "-o", _dir, "-u", "alice:s3cret", "-H", "Cookie: id=1", "-H", "X-Kept: yes",
            Url(mirror, "redirect?to=" + Uri.EscapeDataString(elsewhere)));

        Assert.Equal(0, run.ExitCode);
        var received = Received("redirect");
        Assert.DoesNotContain(received, line => line.StartsWith("Authorization:", StringComparison.Ordinal));
        Assert.DoesNotContain(received, line => line.StartsWith("Cookie:", StringComparison.Ordinal));
        Assert.Contains("X-Kept: yes", received);
    }

    [Fact]
    public async Task Download_Proxy_SendsTheRequestThroughIt()
    {
        // The mirror serves absolute-form requests by their path: as a proxy it answers for a host that does not exist.
        await using var proxy = await MirrorServer.StartAsync();

        var run = await CliRun.InvokeAsync("download", "-q", "-o", _dir, "--proxy", proxy.BaseAddress.AbsoluteUri, "http://files.invalid/headers");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Host: files.invalid", Received());
        Assert.Equal(1, proxy.RequestCount);
    }

    [Fact]
    public async Task Download_HttpProxyVariable_IsUsedUnlessNoProxyNamesTheHost()
    {
        await using var proxy = await MirrorServer.StartAsync();
        using var bound = new CancellationTokenSource(Bound);
        var args = new[] { "download", "-q", "-o", _dir, "http://files.invalid/headers" };

        using (var through = TriosharpProcess.Start(new Dictionary<string, string?> { ["HTTP_PROXY"] = proxy.BaseAddress.AbsoluteUri, ["NO_PROXY"] = null }, args))
        {
            Assert.Equal(0, await through.WaitAsync(bound.Token));
        }

        using var bypassed = TriosharpProcess.Start(
            new Dictionary<string, string?> { ["HTTP_PROXY"] = proxy.BaseAddress.AbsoluteUri, ["NO_PROXY"] = "files.invalid" }, [.. args, "--retries", "0"]);

        Assert.Equal(1, await bypassed.WaitAsync(bound.Token));
        Assert.Contains("cannot reach http://files.invalid", await bypassed.Error, StringComparison.Ordinal);
        Assert.Contains("Host: files.invalid", Received());
        Assert.Equal(1, proxy.RequestCount);
    }

    [Fact]
    public async Task Download_CaCertNamingTheMirrorsAuthority_DownloadsOverHttps()
    {
        using var certificates = MirrorCertificates.Create();
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Certificate = certificates.Server });
        Directory.CreateDirectory(_dir);
        var pem = Path.Combine(_dir, "ca.pem");
        await File.WriteAllTextAsync(pem, certificates.AuthorityPem());

        var untrusted = await CliRun.InvokeAsync("download", "-q", "-o", _dir, Url(mirror, "headers"));
        var trusted = await CliRun.InvokeAsync("download", "-q", "--ca-cert", pem, "-o", _dir, Url(mirror, "headers"));

        Assert.Equal(1, untrusted.ExitCode);
        Assert.Contains("securely: The remote certificate is invalid", untrusted.Error, StringComparison.Ordinal);
        Assert.Equal(0, trusted.ExitCode);
        Assert.Contains("User-Agent: triosharp-download/1.0", Received());
    }

    [Fact]
    public async Task Download_Insecure_AcceptsAnUntrustedCertificate()
    {
        using var certificates = MirrorCertificates.Create();
        await using var mirror = await MirrorServer.StartAsync(new MirrorOptions { Certificate = certificates.Server });

        var run = await CliRun.InvokeAsync("download", "-q", "-k", "-o", _dir, Url(mirror, "headers"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("User-Agent: triosharp-download/1.0", Received());
    }

    [Fact]
    public async Task Download_CaCertNotACertificate_IsRejectedNamingTheFile()
    {
        Directory.CreateDirectory(_dir);
        var junk = Path.Combine(_dir, "junk.pem");
        await File.WriteAllTextAsync(junk, "not a certificate");

        var run = await CliRun.InvokeAsync("download", "--ca-cert", junk, "http://127.0.0.1:1/a");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: --ca-cert '{junk}': cannot read certificates from it (", run.Error, StringComparison.Ordinal);
    }
}
