using System.Text.Json;

namespace TrioSharp.Cli.Tests.Commands;

/// <summary>
/// A host the resolver does not know fails at once with one line, without retries. The <c>.invalid</c> top-level
/// domain is reserved never to resolve (RFC 6761), so the resolver answers without any server being reached.
/// </summary>
public sealed class UnknownHostTests : IDisposable
{
    private const string UnknownHost = "http://triosharp-unknown-host.invalid/";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"triosharp-dns-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task Download_UnknownHost_FailsAfterOneAttemptWithOneLine()
    {
        var run = await CliRun.InvokeAsync("download", "--json", "-o", _dir, UnknownHost + "a.bin");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(run.Lines));
        Assert.Equal(1, json.RootElement.GetProperty("attempts").GetInt32());
        Assert.StartsWith("cannot reach http://triosharp-unknown-host.invalid: ", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(["error: 1 of 1 downloads failed: a.bin."], run.ErrorLines);
    }

    [Fact]
    public async Task Gdp_UnknownHost_FailsWithOneLineNamingTheHost()
    {
        var run = await CliRun.InvokeAsync("gdp", "--no-cache", "--base-url", UnknownHost);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: cannot reach http://triosharp-unknown-host.invalid: ", line, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }
}
