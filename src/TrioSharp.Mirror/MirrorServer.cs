using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TrioSharp.Mirror;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel) that stands in for www.gutenberg.org (the seed's three books) and
/// api.worldbank.org (the v2 country and indicator API), with switchable faults.
/// </summary>
/// <remarks>
/// Start one with <see cref="StartAsync"/> and point clients at <see cref="BaseAddress"/>; dispose it to stop.
/// Book paths are those of the real site (<see cref="GutenbergBook.All"/>); World Bank paths start with
/// <c>/v2/</c>.
/// </remarks>
public sealed class MirrorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MirrorFaults _faults;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<MirrorRequest> _log = new();
    private readonly Random _random;
    private int _requests;
    private int _inFlight;
    private int _peakInFlight;
    private long _bodyBytesSent;

    private MirrorServer(WebApplication app, MirrorFaults faults, TimeProvider timeProvider)
    {
        _app = app;
        _faults = faults;
        _timeProvider = timeProvider;
        _random = new Random(faults.Seed);
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How many body bytes the server has handed to its connections so far, over all responses.</summary>
    public long BodyBytesSent => Interlocked.Read(ref _bodyBytesSent);

    /// <summary>How many requests the server has received.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Starts a mirror; the task completes once it accepts connections.</summary>
    /// <exception cref="IOException">The port is in use (the message names it).</exception>
    public static async Task<MirrorServer> StartAsync(MirrorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MirrorOptions();
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "The mirror's port must be between 0 (any free port) and 65535.");
        }

        // The empty builder reads no appsettings.json: the slim one watches it with reload-on-change, which puts an
        // inotify watch on every directory under the working directory, so each file a client saves there would wake
        // the server (a benchmark writing 2,000 files into it paid for that on both sides).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
        {
            if (options.Http2Only)
            {
                listen.Protocols = HttpProtocols.Http2;
            }

            if (options.Certificate is { } certificate)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var server = new MirrorServer(app, options.Faults, options.TimeProvider);
        app.Run(server.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new IOException(
                $"The mirror cannot listen on 127.0.0.1:{options.Port}: the port is in use. Choose another port, or 0 for any free port.", e);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>The most requests the server has been answering at one time (including injected latency).</summary>
    public int PeakConcurrentRequests => Volatile.Read(ref _peakInFlight);

    /// <summary>The requests answered so far, oldest first (the last <see cref="LogCapacity"/> of them).</summary>
    public IReadOnlyList<MirrorRequest> Requests => [.. _log];

    /// <summary>How many requests <see cref="Requests"/> keeps.</summary>
    public static int LogCapacity => 10_000;

    /// <summary>How many requests the server has received for <paramref name="pathAndQuery"/> exactly.</summary>
    public int RequestsFor(string pathAndQuery) => _counts.GetValueOrDefault(pathAndQuery);

    /// <summary>Waits until the server stops (after <see cref="DisposeAsync"/> or <paramref name="cancellationToken"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the server and releases its port.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var peak = Volatile.Read(ref _peakInFlight); inFlight > peak; peak = Volatile.Read(ref _peakInFlight))
        {
            Interlocked.CompareExchange(ref _peakInFlight, inFlight, peak);
        }

        var request = context.Request;
        var key = request.Path + request.QueryString;
        var count = _counts.AddOrUpdate(key, 1, static (_, n) => n + 1);
        // Injected waits also end when the server stops; otherwise disposing it waits for the host's shutdown
        // timeout (30 s) while a client holds a stalled body open. Answers being written still finish.
        using var waits = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _app.Lifetime.ApplicationStopping);
        try
        {
            if (_faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(_faults.Latency, _timeProvider, waits.Token);
            }

            var response = Decide(request, count);
            _log.Enqueue(new MirrorRequest(
                request.Method, key, NullIfEmpty(request.Headers.Range), NullIfEmpty(request.Headers.IfRange), response.Status));
            while (_log.Count > LogCapacity && _log.TryDequeue(out _))
            {
            }

            await WriteAsync(context, response, count, waits.Token);
        }
        catch (OperationCanceledException) when (waits.IsCancellationRequested)
        {
            // The client went away or the server is stopping; nothing is left to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private MirrorResponse Decide(HttpRequest request, int count)
    {
        if (count <= _faults.FailFirst || Draw() < _faults.FailureRate)
        {
            return MirrorResponse.Text(StatusCodes.Status503ServiceUnavailable, "Service Unavailable (injected by the mirror)");
        }

        if (count <= _faults.FailFirst + _faults.ThrottleFirst)
        {
            var throttled = MirrorResponse.Text(StatusCodes.Status429TooManyRequests, "Too Many Requests (injected by the mirror)");
            throttled.Headers["Retry-After"] = _faults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return throttled;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            // RFC 9110 §15.5.6: a 405 must list the methods the resource does answer.
            var notAllowed = MirrorResponse.Text(StatusCodes.Status405MethodNotAllowed, "The mirror answers GET and HEAD only.");
            notAllowed.Headers["Allow"] = "GET, HEAD";
            return notAllowed;
        }

        var path = request.Path.Value ?? "/";
        if (GutenbergBook.All.FirstOrDefault(b => b.Path == path) is { } book)
        {
            var revision = Variant(count);
            return RangeResponder.Answer(
                MirrorContent.FromBytes(book.Content(revision)), "text/plain; charset=utf-8", book.ETag(revision),
                GutenbergBook.LastModified, request.Headers, _faults);
        }

        if (GeneratedFile.FromPath(path) is { } file)
        {
            var revision = Variant(count);
            var generated = RangeResponder.Answer(
                file.Body(revision), "application/octet-stream", file.ETag(revision), GutenbergBook.LastModified, request.Headers, _faults);
            if (request.Query["filename"].ToString() is { Length: > 0 } filename)
            {
                generated.Headers["Content-Disposition"] = ContentDisposition(filename);
            }

            return generated;
        }

        if (path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            if (count <= _faults.HtmlFirst)
            {
                return WorldBankApi.HtmlErrorPage();
            }

            if (WorldBankApi.Answer(path, request.Query) is { } answer)
            {
                return answer;
            }
        }

        if (path == "/redirect")
        {
            // The target goes out verbatim, whatever its scheme: clients are tested on what they follow.
            return Redirect(request.Query["to"].ToString());
        }

        if (path == "/headers")
        {
            // The request's headers as text, one 'Name: value' line each, sorted: downloaded, they show what a client sent.
            var lines = request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => $"{h.Key}: {h.Value}");
            return MirrorResponse.Text(StatusCodes.Status200OK, string.Join('\n', lines));
        }

        if (path is "/loop/a" or "/loop/b")
        {
            return Redirect(path == "/loop/a" ? "/loop/b" : "/loop/a");
        }

        if (path == "/")
        {
            var index = "TrioSharp mirror\n" + string.Join('\n', GutenbergBook.All.Select(b => $"{b.Path}  {b.Title} ({b.Size} bytes)"))
                + "\n/data/{size}/{name}[?filename=NAME]  generated bytes, e.g. /data/16K/a.bin, /data/1G/big.bin"
                + "\n/headers  the request's headers\n/redirect?to=URL  302 to URL (any scheme)\n/loop/a  redirects to /loop/b, which redirects back"
                + "\n/v2/country?format=json\n/v2/country/{ids}/indicator/NY.GDP.MKTP.CD?date=1999:2019&format=json";
            return MirrorResponse.Text(StatusCodes.Status200OK, index);
        }

        return MirrorResponse.Text(StatusCodes.Status404NotFound, $"Not found: {path}");
    }

    private static MirrorResponse Redirect(string location)
    {
        var response = MirrorResponse.Text(StatusCodes.Status302Found, $"Moved to {location}");
        response.Headers["Location"] = location;
        return response;
    }

    private int Variant(int count) => _faults.ChangeContentAfter is { } after && count > after ? 1 : 0;

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 ? null : value.ToString();

    /// <summary>
    /// <c>attachment</c> with the name verbatim in <c>filename*</c> (RFC 5987 percent-encoding carries control
    /// characters and non-ASCII that a header cannot), and a printable-ASCII fallback in <c>filename</c>.
    /// </summary>
    private static string ContentDisposition(string name)
    {
        var fallback = new string(name.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_').ToArray());
        return $"attachment; filename=\"{fallback}\"; filename*=UTF-8''{Uri.EscapeDataString(name)}";
    }

    private double Draw()
    {
        if (_faults.FailureRate <= 0)
        {
            return 1;
        }

        lock (_random)
        {
            return _random.NextDouble();
        }
    }

    private async Task WriteAsync(HttpContext context, MirrorResponse response, int count, CancellationToken waitCancellation)
    {
        var http = context.Response;
        http.StatusCode = response.Status;
        if (response.ContentType is not null)
        {
            http.ContentType = response.ContentType;
        }

        foreach (var (name, value) in response.Headers)
        {
            http.Headers[name] = value;
        }

        var body = response.Body;
        http.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        using var destination = new MeteredStream(http.Body, n => Interlocked.Add(ref _bodyBytesSent, n), _faults.RatePerConnection, _timeProvider);

        if (_faults.CutBodyAt is { } cut && count <= _faults.CutFirst && cut < body.Length)
        {
            // Returning short of Content-Length makes Kestrel send what was written and then close the connection;
            // context.Abort() would reset it before the headers and the first bytes reach the client.
            await body.WriteAsync(destination, cut, context.RequestAborted);
            return;
        }

        if (_faults.StallBodyAt is { } stall && count <= _faults.StallFirst && stall < body.Length)
        {
            await body.WriteAsync(destination, stall, context.RequestAborted);
            await http.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.InfiniteTimeSpan, _timeProvider, waitCancellation);
            return;
        }

        await body.WriteAsync(destination, body.Length, context.RequestAborted);
    }
}
