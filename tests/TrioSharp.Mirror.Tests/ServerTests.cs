using System.Net;

namespace TrioSharp.Mirror.Tests;

public class ServerTests
{
    [Fact]
    public async Task StartAsync_PortZero_ListensOnLoopback()
    {
        await using var server = await MirrorServer.StartAsync();

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.EndsWith("/", server.BaseAddress.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PortInUse_ThrowsIOExceptionNamingThePort()
    {
        await using var first = await MirrorServer.StartAsync();
        var port = first.BaseAddress.Port;

        var error = await Assert.ThrowsAsync<IOException>(() => MirrorServer.StartAsync(new MirrorOptions { Port = port }));

        Assert.Contains($":{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_OnLinux_WatchesNoFiles()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var before = InotifyInstances();
        await using var server = await MirrorServer.StartAsync();

        Assert.Equal(before, InotifyInstances());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public async Task StartAsync_PortOutOfRange_ThrowsArgumentOutOfRange(int port)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => MirrorServer.StartAsync(new MirrorOptions { Port = port }));
    }

    [Fact]
    public async Task Get_UnknownPath_Answers404()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync("/files/9999/9999-0.txt");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownWorldBankPath_Answers404()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await client.GetAsync("/v2/sources?format=json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Post_Book_Answers405WithAllow()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var content = new StringContent("x");

        using var response = await client.PostAsync("/files/1661/1661-0.txt", content);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Get_Root_ListsTheBookPaths()
    {
        await using var server = await MirrorServer.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        var index = await client.GetStringAsync("/");

        Assert.Contains("/files/2600/2600-0.txt", index, StringComparison.Ordinal);
        Assert.Contains("/cache/epub/1342/pg1342.txt", index, StringComparison.Ordinal);
        Assert.Contains("/files/1661/1661-0.txt", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_RunningServer_ReleasesThePort()
    {
        var first = await MirrorServer.StartAsync();
        var port = first.BaseAddress.Port;
        await first.DisposeAsync();

        await using var second = await MirrorServer.StartAsync(new MirrorOptions { Port = port });

        Assert.Equal(port, second.BaseAddress.Port);
    }

    [Fact]
    public async Task DisposeAsync_WhileABodyStalls_ReturnsWithoutWaitingForTheClient()
    {
        var server = await MirrorServer.StartAsync(new MirrorOptions { Faults = new MirrorFaults { StallBodyAt = 1000 } });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await client.GetAsync("/files/1661/1661-0.txt", HttpCompletionOption.ResponseHeadersRead);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task DisposeAsync_Twice_DoesNotThrow()
    {
        var server = await MirrorServer.StartAsync();
        await server.DisposeAsync();

        var error = await Record.ExceptionAsync(async () => await server.DisposeAsync());

        Assert.Null(error);
    }

    /// <summary>The inotify instances this process holds: each file watcher (configuration reload included) opens one.</summary>
    private static int InotifyInstances() => new DirectoryInfo("/proc/self/fd").GetFileSystemInfos()
        .Count(fd => fd.LinkTarget == "anon_inode:inotify");
}
