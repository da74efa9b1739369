using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using TrioSharp.LowLevel;

namespace TrioSharp.Downloads;

/// <summary>
/// Downloads files over HTTP on a TrioSharp loop: many at once under a global and a per-host limit, each streamed
/// into <c>name.part</c> and renamed only when complete and verified, resumed with <c>Range</c> and
/// <c>If-Range</c>, retried with back-off that honours <c>Retry-After</c>.
/// </summary>
/// <remarks>
/// <para>
/// One instance holds one <see cref="HttpClient"/> (connections are reused across files; HTTP/2 where offered)
/// and the limiters; use it from one loop at a time. Time-outs and back-offs run on the loop's clock. Where the loop
/// waits for sockets itself (<see cref="SocketReadiness"/>: <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/> on
/// Linux) the connections it makes wait there, so a response wakes the loop's thread only.
/// </para>
/// <para>
/// Cancelling the enclosing <see cref="CancelScope"/> stops every transfer at its next read, keeps each
/// <c>.part</c> file with a <c>.part.meta</c> beside it (URL and validator), and raises <see cref="Cancelled"/>;
/// a later run resumes from those bytes if the server's file has not changed. The metadata is saved before a
/// transfer's first bytes reach its <c>.part</c>, so a process killed outright leaves a resumable file too.
/// </para>
/// </remarks>
public sealed class Downloader : IDisposable
{
    private readonly Dictionary<string, HostGate> _hosts = new(StringComparer.OrdinalIgnoreCase);

    // The socket waits of the loop that last started downloads here (set on its thread); null where it has none.
    private volatile SocketReadiness? _sockets;

    /// <summary>Creates a downloader with its own HTTP client.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public Downloader(DownloadOptions? options = null)
        : this(options, null)
    {
    }

    /// <summary>Creates a downloader that sends its requests through <paramref name="handler"/> (for tests and proxies).</summary>
    /// <param name="options">The settings; defaults when null.</param>
    /// <param name="handler">The handler; null for a <see cref="SocketsHttpHandler"/> that reuses connections.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public Downloader(DownloadOptions? options, HttpMessageHandler? handler)
    {
        Options = options ?? new DownloadOptions();
        Options.Validate();

        // Resolved once: a relative path costs a getcwd in every file operation, several per file.
        Directory = Path.GetFullPath(Options.Directory);
        handler ??= new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            // Redirects are followed by the transfer itself: it checks each target's scheme, counts them against
            // MaxRedirects and names the chain when it gives up (the handler ends with a bare 3xx or an exception).
            AllowAutoRedirect = false,
            EnableMultipleHttp2Connections = true,
            UseCookies = false,

            // Null keeps HttpClient's default: the proxy the environment names, if any.
            Proxy = Options.Proxy is { } proxy ? new WebProxy(proxy) : null,
            SslOptions = TlsOptions(Options),
            ConnectCallback = ConnectAsync,
        };
        Client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        Client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", Options.UserAgent);
        Global = new CapacityLimiter(Options.MaxConcurrency);
        Rate = Options.MaxBytesPerSecond is { } rate ? new RateLimit(rate) : null;
        // Timestamping's target is the existing file itself, never a suffixed variant of its name.
        Names = new NameReservations(Directory, Options.Timestamping ? CollisionPolicy.Overwrite : Options.Collision);
    }

    /// <summary>
    /// Opens a connection for the handler: one whose waits happen in the loop's own epoll set where the loop has one
    /// (<see cref="LoopSocketStream"/>), else the runtime's socket, as the handler's own connect does.
    /// </summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (_sockets is { } sockets)
        {
            return await LoopSocketStream.ConnectAsync(sockets, context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>How https:// servers are authenticated: the system's roots, only <see cref="DownloadOptions.TrustedRoots"/>, or none (<see cref="DownloadOptions.Insecure"/>).</summary>
    private static SslClientAuthenticationOptions TlsOptions(DownloadOptions options)
    {
        var tls = new SslClientAuthenticationOptions();
        if (options.Insecure)
        {
            // What Insecure asks for, explicitly: encryption without authenticating the server.
#pragma warning disable CA5359
            tls.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (options.TrustedRoots is { } roots)
        {
            // No revocation check, as with the system's roots (HttpClient's default): a private CA rarely publishes a CRL.
            tls.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck,
            };
            tls.CertificateChainPolicy.CustomTrustStore.AddRange(roots);
        }

        return tls;
    }

    /// <summary>The settings.</summary>
    public DownloadOptions Options { get; }

    /// <summary>The full path of <see cref="DownloadOptions.Directory"/>.</summary>
    internal string Directory { get; }

    /// <summary>The client every request goes through.</summary>
    internal HttpClient Client { get; }

    /// <summary>The global limit.</summary>
    internal CapacityLimiter Global { get; }

    /// <summary>The global byte rate, when limited.</summary>
    internal RateLimit? Rate { get; }

    /// <summary>The final names handed out so far.</summary>
    internal NameReservations Names { get; }

    /// <summary>
    /// Downloads every request, at most <see cref="DownloadOptions.MaxConcurrency"/> at once, and returns their
    /// results in request order. A file that fails does not stop the others: its result says why.
    /// </summary>
    /// <exception cref="Cancelled">The enclosing scope was cancelled; unfinished files keep their <c>.part</c> files.</exception>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task.</exception>
    /// <exception cref="IOException">The directory cannot be created.</exception>
    public async Task<IReadOnlyList<DownloadResult>> DownloadAllAsync(IEnumerable<DownloadRequest> requests, IDownloadObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var items = Queue(requests, observer);
        var results = new DownloadResult[items.Count];
        await Nursery.RunAsync(nursery =>
        {
            foreach (var item in items)
            {
                nursery.StartSoon(async () => results[item.Index] = await new Transfer(this, item, observer).RunAsync(), $"download({item.Name})");
            }

            return Task.CompletedTask;
        });
        return results;
    }

    /// <summary>Downloads one file and returns its result.</summary>
    /// <exception cref="DownloadException">The download failed (after its retries); the message says why.</exception>
    /// <exception cref="Cancelled">The enclosing scope was cancelled; the <c>.part</c> file is kept.</exception>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task.</exception>
    public async Task<DownloadResult> DownloadAsync(DownloadRequest request, IDownloadObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await new Transfer(this, Queue([request], observer)[0], observer).RunAsync();
        return result.Error is { } error ? throw error : result;
    }

    /// <summary>
    /// Downloads one file into <paramref name="output"/> (standard output, say) instead of a file, and returns its result.
    /// Retries resume with <c>Range</c> and <c>If-Range</c> after the bytes already written; a file that changed
    /// meanwhile cannot be taken back from the stream and fails. Writes happen on the loop's thread: a stream that
    /// blocks holds up the loop.
    /// </summary>
    /// <exception cref="DownloadException">The download failed (after its retries); the message says why.</exception>
    /// <exception cref="Cancelled">The enclosing scope was cancelled.</exception>
    /// <exception cref="InvalidOperationException">Called outside a TrioSharp task.</exception>
    public async Task<DownloadResult> DownloadToAsync(DownloadRequest request, Stream output, IDownloadObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        BindToCurrentLoop();
        var item = new DownloadItem(request, 0, request.FileName ?? SafeFileName.FromUrl(request.Url), null) { Output = output, PartMayExist = false };
        observer?.OnQueued(item);
        var result = await new Transfer(this, item, observer).RunAsync();
        return result.Error is { } error ? throw error : result;
    }

    /// <summary>Closes the HTTP client and its connections.</summary>
    public void Dispose() => Client.Dispose();

    /// <summary>The gate of a URL's host.</summary>
    internal HostGate GateFor(Uri url)
    {
        var key = HostGate.KeyOf(url);
        if (!_hosts.TryGetValue(key, out var gate))
        {
            gate = new HostGate(Options.MaxPerHost);
            _hosts[key] = gate;
        }

        return gate;
    }

    /// <summary>Fails clearly off the loop; on it, takes the loop's socket waits for the connections made from now on.</summary>
    private void BindToCurrentLoop()
    {
        _ = Trio.CurrentClock;
        _sockets = SocketReadiness.Current;
    }

    /// <summary>Reserves names in request order, so that reruns of the same list find the same <c>.part</c> files.</summary>
    private List<DownloadItem> Queue(IEnumerable<DownloadRequest> requests, IDownloadObserver? observer)
    {
        BindToCurrentLoop(); // before any name is reserved
        System.IO.Directory.CreateDirectory(Directory);
        var batch = requests as IReadOnlyCollection<DownloadRequest> ?? [.. requests];
        var listing = batch.Count >= DirectoryListing.MinimumBatch ? DirectoryListing.Read(Directory) : null;
        var items = new List<DownloadItem>(batch.Count);
        foreach (var request in batch)
        {
            var wanted = request.FileName ?? SafeFileName.FromUrl(request.Url);
            if (Options.SkipExisting && (listing is null ? File.Exists(Path.Combine(Directory, wanted)) : listing.Contains(wanted) && !listing.IsDirectory(wanted)))
            {
                // Not reserved: the name stays the existing file's, and nothing of this run will be written under it.
                var existing = new DownloadItem(request, items.Count, wanted, null) { SkipAsExisting = true };
                items.Add(existing);
                observer?.OnQueued(existing);
                continue;
            }

            var name = Names.Reserve(wanted, listing);
            var rejection = name is null
                ? new DownloadException(
                    request.Url, DownloadFailure.NameCollision, $"{Path.Combine(Directory, wanted)} already exists (use overwrite or suffix).")
                : null;
            var item = new DownloadItem(request, items.Count, name ?? wanted, rejection)
            {
                PartMayExist = listing is null || listing.Contains(name + ".part") || listing.Contains(name + ".part.meta"),
            };
            items.Add(item);
            observer?.OnQueued(item);
        }

        return items;
    }
}
