using System.Security.Cryptography.X509Certificates;
using TrioSharp.Downloads;

namespace TrioSharp.Downloads.Tests;

/// <summary>HTTPS against the mirror served by Kestrel with a certificate from an authority made in the test.</summary>
public sealed class TlsTests : IDisposable
{
    private static readonly GutenbergBook Holmes = GutenbergBook.All[2];
    private readonly TestDirectory _dir = new();
    private readonly MirrorCertificates _certificates = MirrorCertificates.Create();

    public void Dispose()
    {
        _dir.Dispose();
        _certificates.Dispose();
    }

    private Task<MirrorServer> HttpsMirror() => MirrorServer.StartAsync(new MirrorOptions { Certificate = _certificates.Server });

    [Fact]
    public async Task DownloadAll_UntrustedAuthority_FailsAtOnceNamingTheCertificateProblem()
    {
        await using var mirror = await HttpsMirror();

        var results = await Run.RealAsync(Run.Fast(_dir.Path), [Run.Get(mirror.BaseAddress, Holmes.Path)]);

        Assert.Equal("https", mirror.BaseAddress.Scheme);
        Assert.Equal((DownloadState.Failed, DownloadFailure.Connection, 1), (results[0].State, results[0].Error?.Reason, results[0].Attempts));
        Assert.StartsWith($"cannot reach {mirror.BaseAddress.GetLeftPart(UriPartial.Authority)} securely: ", results[0].Error!.Message, StringComparison.Ordinal);
        Assert.Contains("errors in the certificate chain", results[0].Error!.Message, StringComparison.Ordinal);
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public async Task DownloadAll_TrustedRootsNamingTheAuthority_Downloads()
    {
        await using var mirror = await HttpsMirror();
        var options = Run.Fast(_dir.Path) with { TrustedRoots = [_certificates.Authority] };

        var results = await Run.RealAsync(options, [Run.Get(mirror.BaseAddress, Holmes.Path)]);

        Assert.True(results[0].State == DownloadState.Completed, results[0].Error?.Message);
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(_dir["1661-0.txt"]));
    }

    [Fact]
    public async Task DownloadAll_TrustedRootsOfAnotherAuthority_Fails()
    {
        await using var mirror = await HttpsMirror();
        using var other = MirrorCertificates.Create();
        var options = Run.Fast(_dir.Path) with { TrustedRoots = [other.Authority] };

        var results = await Run.RealAsync(options, [Run.Get(mirror.BaseAddress, Holmes.Path)]);

        Assert.Equal((DownloadState.Failed, DownloadFailure.Connection), (results[0].State, results[0].Error?.Reason));
    }

    [Fact]
    public async Task DownloadAll_Insecure_AcceptsTheUntrustedCertificate()
    {
        await using var mirror = await HttpsMirror();

        var results = await Run.RealAsync(Run.Fast(_dir.Path) with { Insecure = true }, [Run.Get(mirror.BaseAddress, Holmes.Path)]);

        Assert.Equal(DownloadState.Completed, results[0].State);
        Assert.Equal(Holmes.Content(), await File.ReadAllBytesAsync(_dir["1661-0.txt"]));
    }
}
