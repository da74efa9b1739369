using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace TrioSharp.Downloads;

/// <summary>One file's download: slots, attempts with resume and back-off, verification and the final rename.</summary>
internal sealed class Transfer(Downloader downloader, DownloadItem item, IDownloadObserver? observer)
{
    private readonly DownloadOptions _options = downloader.Options;
    private readonly Uri _url = item.Request.Url;
    private PartFile? _part;
    private PartMetadata? _saved;
    private bool _holding;
    private FileInfo? _existing;
    private bool _upToDate;
    private DateTimeOffset? _lastModified;
    private PartSegment[]? _segments;
    private bool _splitRefused;
    private string? _validator;
    private string? _suggestedName;
    private TimeSpan _startedAt;

    private string PartPath => Path.Combine(downloader.Directory, item.Name + ".part");

    /// <summary>Runs the download to its end and reports it; raises <see cref="Cancelled"/> (after saving the <c>.part</c>) when cancelled.</summary>
    public async Task<DownloadResult> RunAsync()
    {
        var host = downloader.GateFor(_url);
        try
        {
            if (item.Rejection is { } rejection)
            {
                return Finish(DownloadState.Failed, null, rejection);
            }

            if (item.SkipAsExisting)
            {
                var there = new FileInfo(Path.Combine(downloader.Directory, item.Name));
                item.BytesReceived = there.Exists ? there.Length : 0;
                return Finish(DownloadState.Skipped, there.FullName, null, bytes: item.BytesReceived);
            }

            await AcquireAsync(host);
            _startedAt = Trio.CurrentTime;
            item.State = DownloadState.Running;
            observer?.OnStarted(item);
            if (_options.Timestamping && item.Output is null && new FileInfo(Path.Combine(downloader.Directory, item.Name)) is { Exists: true } existing)
            {
                _existing = existing;
            }

            OpenPart();
            if (_options.MaxTime is { } limit)
            {
                var bounded = CancelScope.WithDeadline(_startedAt + limit);
                await bounded.RunAsync(() => AttemptUntilDoneAsync(host));
                if (bounded.CancelledCaught)
                {
                    throw new DownloadException(
                        _url,
                        DownloadFailure.TimeLimit,
                        $"{_url}: not done within {Seconds(limit)} ({item.Attempts} attempts, {_part!.Length} of {item.TotalBytes?.ToString(CultureInfo.InvariantCulture) ?? "?"} bytes).");
                }
            }
            else
            {
                await AttemptUntilDoneAsync(host);
            }

            return await CompleteAsync();
        }
        catch (DownloadException e)
        {
            return Finish(DownloadState.Failed, LeavePart(keep: _options.KeepPartialFiles), e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong with this file stays this file's failure: the others go on.
            var error = e is IOException or UnauthorizedAccessException
                ? new DownloadException(_url, DownloadFailure.FileSystem, $"{_url}: cannot write {_part?.Path ?? PartPath}: {OneLine(e.Message)}", e)
                : new DownloadException(_url, DownloadFailure.Unexpected, $"{_url}: {e.GetType().Name}: {OneLine(e.Message)}", e);
            return Finish(DownloadState.Failed, LeavePart(keep: _options.KeepPartialFiles), error);
        }
        catch (Cancelled)
        {
            Finish(DownloadState.Cancelled, LeavePart(keep: true), null);
            throw;
        }
        finally
        {
            if (_holding)
            {
                Release(host);
            }

            _part?.Dispose();
        }
    }

    /// <summary>
    /// Makes attempts until one gets the whole body, backing off between them; gives up (rethrowing the last failure)
    /// after <see cref="DownloadOptions.MaxAttempts"/> attempts in a row that added no bytes: an attempt that added
    /// some starts the count again, so a server that cuts every transfer short still gets the file there in the end.
    /// </summary>
    private async Task AttemptUntilDoneAsync(HostGate host)
    {
        var withoutProgress = 0;
        for (var attempt = 1; ; attempt++)
        {
            item.Attempts = attempt;
            var before = item.BytesReceived;
            try
            {
                await AttemptAsync();
                return;
            }
            catch (DownloadException e) when (e.Retriable)
            {
                // An attempt that added bytes counts as the first of a new run of failures.
                withoutProgress = item.BytesReceived > before ? 1 : withoutProgress + 1;
                if (withoutProgress >= _options.MaxAttempts)
                {
                    throw;
                }

                // Never sooner than the server asked.
                var backoff = RetryTiming.Backoff(_options.BaseDelay, _options.MaxDelay, withoutProgress, _options.Jitter);
                var delay = e.RetryAfter is { } asked && asked > backoff ? asked : backoff;
                if (e.RetryAfter is { } wait)
                {
                    host.PauseUntil(Trio.CurrentTime + wait);
                }

                Release(host);
                item.State = DownloadState.Retrying;
                observer?.OnRetrying(item, e, delay);
                await Trio.Sleep(delay);
                await AcquireAsync(host);
                item.State = DownloadState.Running;
            }
        }
    }

    private async Task AcquireAsync(HostGate host)
    {
        // Host first, then the global slot: a file waiting for its busy host must not hold a slot other hosts could use.
        await host.Limiter.AcquireAsync();
        try
        {
            if (host.PausedUntil > Trio.CurrentTime)
            {
                await Trio.SleepUntil(host.PausedUntil);
            }

            await downloader.Global.AcquireAsync();
            _holding = true;
        }
        catch
        {
            host.Limiter.Release();
            throw;
        }
    }

    private void Release(HostGate host)
    {
        _holding = false;
        downloader.Global.Release();
        host.Limiter.Release();
    }

    /// <summary>Opens the <c>.part</c> file: resumes it if its metadata names this URL and a validator, else starts it afresh.</summary>
    private void OpenPart()
    {
        var hash = _options.ComputeSha256 || item.Request.Sha256 is not null;
        if (item.Output is { } output)
        {
            _part = PartFile.ForOutput(output, "the output stream", hash);
            return;
        }

        if (!item.PartMayExist)
        {
            _part = PartFile.Open(PartPath, resume: false, hash, expectNew: true);
            return;
        }

        var metadata = PartMetadata.Read(PartPath);
        _saved = metadata;
        var resume = metadata is not null && metadata.Url == _url.AbsoluteUri;
        _validator = resume ? metadata!.Validator : null;
        _part = PartFile.Open(PartPath, resume, hash);
        if (resume && metadata!.Segments is { } segments)
        {
            if (metadata.Length is { } total && _part.Length == total)
            {
                // Ranges written at their offsets: the file has its whole length, the segments say what is filled.
                _part.Preallocate(total);
                _segments = [.. segments];
                item.TotalBytes = total;
                item.BytesReceived = segments.Sum(s => s.Done);
                return;
            }

            _part.Truncate();
        }
        else if (resume && metadata!.Length is { } length && _part.Length > length)
        {
            _part.Truncate();
        }

        item.BytesReceived = _part.Length;
        item.TotalBytes = resume ? metadata!.Length : null;
    }

    private async Task AttemptAsync()
    {
        if (_segments is not null)
        {
            await RunSegmentsAsync();
            return;
        }

        var part = _part!;
        if (part.Length > 0 && _validator is null)
        {
            // Bytes whose version cannot be checked are never extended: If-Range needs a validator.
            part.Truncate();
        }

        var resuming = part.Length > 0;
        // One scope bounds the whole attempt: its deadline is the connect time-out until the headers arrive, then the
        // stall time-out, re-armed as bytes come (one scope and one token per attempt, not one per phase).
        var attempt = new CancelScope { RelativeDeadline = _options.ConnectTimeout };
        HttpResponseMessage? response = null;
        try
        {
            await attempt.RunAsync(async scope =>
            {
                response = await SendFollowingRedirectsAsync(part.Length, null, scope.Token);
                scope.RelativeDeadline = _options.StallTimeout;
                await ReceiveAsync(response, part, resuming, scope);
            });
        }
        finally
        {
            response?.Dispose();
        }

        if (attempt.CancelledCaught)
        {
            throw TimedOut(response is not null, part.Length);
        }

        if (_segments is not null)
        {
            // The answer showed a large file whose server takes ranges: fetch it in segments instead of this body.
            await RunSegmentsAsync();
            return;
        }

        if (!_upToDate && item.TotalBytes is { } expected && part.Length != expected)
        {
            throw new DownloadException(_url, DownloadFailure.Truncated, $"{_url}: received {part.Length} of {expected} bytes.")
            {
                Retriable = true,
            };
        }
    }

    /// <summary>Headers in hand: the body stalled; none: the server never answered. Both are retried.</summary>
    private DownloadException TimedOut(bool answered, long bytes) => answered
        ? new DownloadException(_url, DownloadFailure.Stalled, $"{_url}: no data for {Seconds(_options.StallTimeout)} after {bytes} bytes.") { Retriable = true }
        : new DownloadException(_url, DownloadFailure.ConnectTimeout, $"{_url}: no response within {Seconds(_options.ConnectTimeout)}.") { Retriable = true };

    /// <summary>Sends the request, following redirects to http(s) URLs up to <see cref="DownloadOptions.MaxRedirects"/>; returns the first non-redirect answer.</summary>
    /// <param name="from">The first byte wanted: above zero (or with <paramref name="to"/>), the request carries <c>Range</c> and <c>If-Range</c>.</param>
    /// <param name="to">The last byte wanted, or null for the rest of the file.</param>
    /// <param name="token">The attempt's token.</param>
    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(long from, long? to, CancellationToken token)
    {
        var chain = new List<Uri> { _url };
        var origin = HostGate.KeyOf(_url);
        var trusted = true;
        while (true)
        {
            var url = chain[^1];

            // Credentials go to the URL's own origin only; once a redirect has left it they are not sent again.
            trusted &= HostGate.KeyOf(url).Equals(origin, StringComparison.OrdinalIgnoreCase);
            using var request = new HttpRequestMessage(HttpMethod.Get, url)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = _options.Http2PriorKnowledge ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
            };
            foreach (var (name, value) in _options.Headers)
            {
                if (trusted || !IsCredential(name))
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }

            if (trusted && _options.Credentials is { } credentials)
            {
                var secret = System.Text.Encoding.UTF8.GetBytes($"{credentials.UserName}:{credentials.Password}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(secret));
            }

            if (from > 0 || to is not null)
            {
                request.Headers.Range = new RangeHeaderValue(from, to);
                request.Headers.TryAddWithoutValidation("If-Range", _validator);
            }
            else if (_existing is { } existing)
            {
                request.Headers.IfModifiedSince = existing.LastWriteTimeUtc;
            }

            var response = await SendAsync(request, token);
            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308))
            {
                return response;
            }

            using (response)
            {
                chain.Add(RedirectTarget(response, url));
            }

            if (chain.Count > _options.MaxRedirects + 1)
            {
                throw new DownloadException(
                    _url, DownloadFailure.Redirect, $"{_url}: too many redirects ({_options.MaxRedirects}): {RedirectChain(chain)}");
            }
        }
    }

    private static bool IsCredential(string header) =>
        header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || header.Equals("Cookie", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where a redirect points: its <c>Location</c>, resolved against <paramref name="url"/>, if it is http(s).</summary>
    private Uri RedirectTarget(HttpResponseMessage response, Uri url)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        if (!response.Headers.NonValidated.TryGetValues("Location", out var values) || values.FirstOrDefault() is not { Length: > 0 } location)
        {
            throw new DownloadException(_url, DownloadFailure.Redirect, $"{url} answered HTTP {status} without a Location to go to.");
        }

        // Anything but http(s) is refused: a file:// or ftp:// target must not reach a handler that would open it.
        if (!Uri.TryCreate(url, location, out var target) || target.Scheme is not ("http" or "https"))
        {
            throw new DownloadException(
                _url, DownloadFailure.Redirect, $"{url} answered HTTP {status} to '{OneLine(location)}', which is not an http:// or https:// URL.");
        }

        return target;
    }

    /// <summary>"A → B → C", stopping after the first URL seen twice (a loop) with "…".</summary>
    private static string RedirectChain(List<Uri> chain)
    {
        var seen = new HashSet<Uri>();
        var shown = new List<string>();
        foreach (var url in chain)
        {
            shown.Add(url.ToString());
            if (!seen.Add(url))
            {
                shown.Add("…");
                break;
            }
        }

        return string.Join(" → ", shown);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken token)
    {
        try
        {
            return await downloader.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
        }
        catch (HttpRequestException e) when (e.InnerException is System.Security.Authentication.AuthenticationException tls)
        {
            // Another attempt meets the same certificate: not retried.
            throw new DownloadException(
                _url, DownloadFailure.Connection, $"cannot reach {request.RequestUri!.GetLeftPart(UriPartial.Authority)} securely: {OneLine(tls.Message)}", e);
        }
        catch (HttpRequestException e)
        {
            throw new DownloadException(_url, DownloadFailure.Connection, $"cannot reach {request.RequestUri!.GetLeftPart(UriPartial.Authority)}: {e.Message}", e)
            {
                // A host the resolver does not know stays unknown: retrying only delays the one line that says so.
                Retriable = e.HttpRequestError != HttpRequestError.NameResolutionError,
            };
        }
    }

    /// <summary>Checks the response's status and range, then streams its body into the <c>.part</c> file.</summary>
    private async Task ReceiveAsync(HttpResponseMessage response, PartFile part, bool resuming, CancelScope scope)
    {
        var status = (int)response.StatusCode;
        if (!resuming && _existing is { } existing && (status == 304 || (status == 200 && IsCopyOf(response, existing))))
        {
            // The body, if any, is not read: disposing the response closes its connection.
            _upToDate = true;
            return;
        }

        if (status == 416 && resuming)
        {
            if (response.Content.Headers.ContentRange?.Length == part.Length)
            {
                // Everything was already here: the previous run stopped between the last byte and the rename.
                item.TotalBytes = part.Length;
                return;
            }

            part.Truncate();
            throw new DownloadException(_url, DownloadFailure.Protocol, $"{_url}: cannot resume (HTTP 416); starting again.") { Retriable = true };
        }

        if (status is < 200 or >= 300)
        {
            throw HttpStatusError(response, status);
        }

        long? total;
        if (status == 206)
        {
            var range = response.Content.Headers.ContentRange;
            if (!resuming || range?.From != part.Length)
            {
                var error = new DownloadException(
                    _url, DownloadFailure.Protocol, $"{_url}: answered range '{range}' to a request from byte {part.Length}; starting again.")
                {
                    Retriable = true,
                };
                part.Truncate();
                throw error;
            }

            total = range.Length;
        }
        else
        {
            // A 200 carries the whole file: the server ignored Range, or If-Range found the file changed. Never append.
            part.Truncate();
            total = response.Content.Headers.ContentLength;
        }

        // New bytes from zero take the new answer's validator, or none: an old one must never vouch for them.
        _validator = status == 206 ? Validator(response) ?? _validator : Validator(response);
        _suggestedName ??= SafeFileName.FromContentDisposition(response.Content.Headers.ContentDisposition);
        _lastModified = response.Content.Headers.LastModified;
        item.TotalBytes = total;
        item.BytesReceived = part.Length;
        if (status == 200 && SegmentsFor(response, part, total) is > 1 and var count)
        {
            part.Preallocate(total!.Value);
            _segments = PartSegment.Plan(total.Value, count);
            SaveMetadata();
            return;
        }

        await ReceiveBodyAsync(response, part, scope);
    }

    private async Task ReceiveBodyAsync(HttpResponseMessage response, PartFile part, CancelScope scope)
    {
        // A body of known small size needs no more than its size; large ones get fewer, bigger reads (fewer loop hops).
        var remaining = item.TotalBytes is { } total ? total - part.Length : long.MaxValue;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(remaining, 4096, _options.BufferSize));
        var reading = false;

        // A body that fits the buffer is written once, whole, when it has all arrived: no metadata to save first (see
        // WritePart), no write per read. Killed before that, it is simply fetched again.
        var fits = remaining <= buffer.Length;
        var readSize = downloader.Rate?.ReadSize ?? buffer.Length;

        // buffer[flushed..filled) is received but not yet written; see the loop for when it is. A full buffer is not
        // written at once: it waits in `full` until the next read (into a second buffer) is under way, so the disk
        // write overlaps the receive instead of stopping it.
        int flushed = 0, filled = 0;
        byte[]? full = null, spare = null;
        int fullFrom = 0, fullTo = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync();

            var stall = new StallClock();

            // Bytes are written when the buffer is full, at the end, or before a read that has to wait (unless the body
            // fits the buffer): small bodies take one write, large ones keep the .part current whenever they wait, and a
            // stall or a Ctrl+C writes what was received on the way out.
            while (true)
            {
                int n;
                ValueTask<int> read;
                try
                {
                    read = body.ReadAsync(buffer.AsMemory(filled, Math.Min(buffer.Length - filled, readSize)), scope.Token);
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    throw Broken(e, item.BytesReceived);
                }

                // The pending read fills buffer[filled..]; writing `full` or buffer[flushed..filled) does not overlap it.
                // Outside the read's try: a failed write (disk full) is the file's failure, not a broken connection.
                reading = !read.IsCompleted;
                if (full is not null)
                {
                    WritePart(part, full.AsSpan(fullFrom, fullTo - fullFrom), completesBody: false);
                    spare = full;
                    full = null;
                }

                if (reading && !fits)
                {
                    WritePart(part, buffer.AsSpan(flushed, filled - flushed), completesBody: false);
                    flushed = filled;
                }

                try
                {
                    n = await read;
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    throw Broken(e, item.BytesReceived);
                }
                finally
                {
                    // Ended, even by an exception (a cancellation): the socket no longer writes into the buffer.
                    reading = false;
                }

                filled += n;
                item.BytesReceived = part.Length + filled - flushed;
                var completes = n == 0 || item.BytesReceived == item.TotalBytes;
                if (completes)
                {
                    WritePart(part, buffer.AsSpan(flushed, filled - flushed), completesBody: true);
                    flushed = filled = 0;
                    if (n == 0)
                    {
                        return;
                    }
                }
                else if (filled == buffer.Length)
                {
                    (full, fullFrom, fullTo) = (buffer, flushed, filled);
                    buffer = spare ?? ArrayPool<byte>.Shared.Rent(buffer.Length);
                    spare = null;
                    flushed = filled = 0;
                }

                await PaceAsync(n, scope, stall);
            }
        }
        finally
        {
            // A write that failed while a read was pending leaves the socket writing into the buffer: let the GC have it.
            if (!reading)
            {
                if (full is not null)
                {
                    WritePart(part, full.AsSpan(fullFrom, fullTo - fullFrom), completesBody: false);
                }

                WritePart(part, buffer.AsSpan(flushed, filled - flushed), completesBody: false);
                ArrayPool<byte>.Shared.Return(buffer);
            }

            foreach (var idle in new[] { full, spare })
            {
                if (idle is not null)
                {
                    ArrayPool<byte>.Shared.Return(idle);
                }
            }
        }
    }

    /// <summary>
    /// After <paramref name="received"/> bytes: waits for the rate limit if there is one, and re-arms the stall
    /// time-out of <paramref name="scope"/> now and then.
    /// </summary>
    private async Task PaceAsync(int received, CancelScope scope, StallClock stall)
    {
        if (downloader.Rate is { } rate && received > 0 && rate.Take(received) is var wait && wait > TimeSpan.Zero)
        {
            // Waiting for the rate is not stalling: the time-out counts again from the end of the wait.
            scope.RelativeDeadline = wait + _options.StallTimeout;
            await Trio.Sleep(wait);
            stall.ArmedAt = Trio.CurrentTime;
            scope.RelativeDeadline = _options.StallTimeout;
        }

        // Re-arming on every read would leave one stale timer per read in the loop's heap until it expires; re-arming
        // at most every eighth of the time-out still gives up between 7/8 and 8/8 of it after the last byte.
        if (Trio.CurrentTime - stall.ArmedAt >= _options.StallTimeout / 8)
        {
            stall.ArmedAt = Trio.CurrentTime;
            scope.RelativeDeadline = _options.StallTimeout;
        }
    }

    /// <summary>How many segments to fetch an answer's file in: more than one only for a large file of a server that takes ranges.</summary>
    private int SegmentsFor(HttpResponseMessage response, PartFile part, long? total) =>
        _options.Split > 1 && !_splitRefused && !part.IsOutput && total is { } length && _validator is not null
        && response.Headers.AcceptRanges.Contains("bytes")
            ? (int)Math.Min(_options.Split, length / _options.MinSplitSize)
            : 1;

    /// <summary>
    /// Fetches every unfinished segment at once, each over its own connection; one that fails stops the others (their
    /// progress is saved) and the attempt fails, to be retried. Ranges refused, or a file that changed, end splitting:
    /// the <c>.part</c> starts again from zero over one connection.
    /// </summary>
    private async Task RunSegmentsAsync()
    {
        try
        {
            await Nursery.RunAsync(nursery =>
            {
                for (var i = 0; i < _segments!.Length; i++)
                {
                    var index = i;
                    if (!_segments[index].Complete)
                    {
                        nursery.StartSoon(() => SegmentAsync(index), $"segment {index} of {item.Name}");
                    }
                }

                return Task.CompletedTask;
            });
        }
        catch (ExceptionGroup group) when (!group.Contains<OperationCanceledException>())
        {
            var errors = group.Flatten().InnerExceptions;
            if (errors.OfType<DownloadException>().Any(e => e.Reason == DownloadFailure.Protocol))
            {
                _splitRefused = true;
                _segments = null;
                _part!.Truncate();
                item.BytesReceived = 0;
                SaveMetadata();
                throw new DownloadException(
                    _url, DownloadFailure.Protocol, $"{_url}: ranges refused or the file changed; starting again over one connection.") { Retriable = true };
            }

            // The first failure is the file's (the others are usually the same cause): rethrown with its own stack.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(errors[0]);
            throw;
        }
    }

    /// <summary>One request for the rest of one segment, written at its offset; throws a Protocol failure if the answer is not that range of the same file.</summary>
    private async Task SegmentAsync(int index)
    {
        var segment = _segments![index];
        var attempt = new CancelScope { RelativeDeadline = _options.ConnectTimeout };
        HttpResponseMessage? response = null;
        try
        {
            await attempt.RunAsync(async scope =>
            {
                response = await SendFollowingRedirectsAsync(segment.Next, segment.End - 1, scope.Token);
                scope.RelativeDeadline = _options.StallTimeout;
                var status = (int)response.StatusCode;
                if (status is not (200 or 206))
                {
                    throw HttpStatusError(response, status);
                }

                if (status != 206 || response.Content.Headers.ContentRange?.From != segment.Next || (Validator(response) is { } now && now != _validator))
                {
                    throw new DownloadException(_url, DownloadFailure.Protocol, $"{_url}: answered HTTP {status} to the range from byte {segment.Next}.");
                }

                await ReceiveSegmentAsync(response, index, scope);
            });
        }
        finally
        {
            response?.Dispose();
        }

        if (attempt.CancelledCaught)
        {
            throw TimedOut(response is not null, item.BytesReceived);
        }

        if (!_segments![index].Complete)
        {
            throw new DownloadException(
                _url, DownloadFailure.Truncated, $"{_url}: the range from byte {segment.Start} ended at byte {_segments[index].Next} of {segment.End}.") { Retriable = true };
        }
    }

    /// <summary>Streams a segment's body to its place in the <c>.part</c>, recording its progress after each write.</summary>
    private async Task ReceiveSegmentAsync(HttpResponseMessage response, int index, CancelScope scope)
    {
        var part = _part!;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(_segments![index].End - _segments[index].Next, 4096, _options.BufferSize));
        var readSize = downloader.Rate?.ReadSize ?? buffer.Length;
        var filled = 0;

        // Bytes first, then the resume data that claims them: killed in between, the next run fetches them again.
        void Flush()
        {
            if (filled > 0)
            {
                var segment = _segments![index];
                part.WriteAt(segment.Next, buffer.AsSpan(0, filled));
                _segments = [.. _segments];
                _segments[index] = segment with { Done = segment.Done + filled };
                filled = 0;
                SaveMetadata();
            }
        }

        try
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            var stall = new StallClock();
            while (true)
            {
                int n;
                try
                {
                    n = await body.ReadAsync(buffer.AsMemory(filled, Math.Min(buffer.Length - filled, readSize)), scope.Token);
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    throw Broken(e, item.BytesReceived);
                }

                filled += n;
                item.BytesReceived += n;
                if (n == 0 || filled == buffer.Length)
                {
                    Flush();
                    if (n == 0)
                    {
                        return;
                    }
                }

                await PaceAsync(n, scope, stall);
            }
        }
        finally
        {
            // No read is pending here (nothing is written while one is): the buffer is free to go back.
            Flush();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes body bytes to the <c>.part</c> file, first saving the metadata that describes them, unless they complete
    /// the body and no metadata is on disk: then a kill before the rename leaves a <c>.part</c> without metadata,
    /// which the next run starts afresh (small files never write metadata at all).
    /// </summary>
    private void WritePart(PartFile part, ReadOnlySpan<byte> bytes, bool completesBody)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (!part.IsOutput && (!completesBody || _saved is not null))
        {
            SaveMetadata();
        }

        part.Write(bytes);
    }

    /// <summary>Makes the metadata on disk describe the <c>.part</c>'s bytes: this URL and validator, or none when there is no validator.</summary>
    /// <exception cref="IOException">It could not be saved (disk full); no bytes may be written that it does not describe.</exception>
    private void SaveMetadata()
    {
        var wanted = _validator is null ? null : new PartMetadata(_url.AbsoluteUri, _validator, item.TotalBytes, _segments);
        if (wanted == _saved)
        {
            return;
        }

        if (wanted is null)
        {
            PartMetadata.Delete(PartPath);
        }
        else if (!wanted.TrySave(PartPath, flush: _options.Fsync))
        {
            throw new IOException($"cannot save the resume data {PartMetadata.PathFor(PartPath)} (is the disk full?)");
        }

        _saved = wanted;
    }

    private DownloadException Broken(Exception e, long received) =>
        new(_url, DownloadFailure.Truncated, $"{_url}: the connection broke after {received} bytes: {OneLine(e.Message)}", e) { Retriable = true };

    private DownloadException HttpStatusError(HttpResponseMessage response, int status)
    {
        var retryAfter = RetryTiming.RetryAfter(response, Trio.CurrentClock.GetUtcNow());
        var retriable = RetryTiming.IsRetriableStatus(status);
        var message = $"{_url} answered HTTP {status} {response.ReasonPhrase}";
        if (retryAfter > _options.MaxRetryAfter)
        {
            retriable = false;
            message += $" and asked to retry after {Seconds(retryAfter.Value)}, longer than the {Seconds(_options.MaxRetryAfter)} allowed";
        }

        return new DownloadException(_url, DownloadFailure.HttpStatus, message + ".")
        {
            StatusCode = status,
            RetryAfter = retryAfter,
            Retriable = retriable,
        };
    }

    /// <summary>Checks the checksum, flushes if asked, and renames the <c>.part</c> file to its final name.</summary>
    private async Task<DownloadResult> CompleteAsync()
    {
        var part = _part!;
        if (_upToDate)
        {
            part.Dispose();
            File.Delete(part.Path);
            PartMetadata.Delete(part.Path);
            item.BytesReceived = _existing!.Length;
            return Finish(DownloadState.Skipped, _existing.FullName, null, bytes: _existing.Length);
        }

        var sha256 = part.Sha256();
        if (item.Request.Sha256 is { } expected && expected != sha256)
        {
            throw new DownloadException(
                _url, DownloadFailure.ChecksumMismatch, $"{_url}: SHA-256 is {sha256}, expected {expected}" + (part.IsOutput ? "." : $"; kept {part.Path}."));
        }

        if (part.IsOutput)
        {
            part.FlushOutput();
            return Finish(DownloadState.Completed, part.Path, null, sha256);
        }

        if (_options.Fsync)
        {
            await part.FlushToDiskAsync();
        }

        part.Dispose();
        var name = item.Name;
        if (_suggestedName is { } suggested && !suggested.Equals(item.Name, StringComparison.OrdinalIgnoreCase))
        {
            name = downloader.Names.Reserve(suggested) ?? throw Collision(suggested);
            downloader.Names.Release(item.Name);
        }

        var saved = downloader.Names.MoveInto(part.Path, name) ?? throw Collision(name);
        item.SavedAs = saved;
        if (_options.Timestamping && _lastModified is { } modified)
        {
            // The server's date, so the next run's If-Modified-Since asks exactly "newer than this copy?".
            File.SetLastWriteTimeUtc(Path.Combine(downloader.Directory, saved), modified.UtcDateTime);
        }

        if (_saved is not null)
        {
            try
            {
                PartMetadata.Delete(PartPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The file is complete under its name; metadata without its .part is deleted by the next run that meets it.
            }
        }

        return Finish(DownloadState.Completed, Path.Combine(downloader.Directory, saved), null, sha256);
    }

    private DownloadException Collision(string name) => new(
        _url, DownloadFailure.NameCollision, $"{Path.Combine(downloader.Directory, name)} already exists; the download is kept in {PartPath}.");

    /// <summary>Keeps the <c>.part</c> file with its metadata for a resume, or deletes both; returns the kept path.</summary>
    private string? LeavePart(bool keep)
    {
        var part = _part;
        if (part is null || part.IsOutput)
        {
            return null;
        }

        part.Dispose();
        if (keep && part.Length > 0)
        {
            try
            {
                // Usually saved already; not for a body written whole that then failed its checksum or its rename.
                SaveMetadata();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk: the metadata on disk still describes a prefix of these bytes or nothing, both safe.
            }

            return part.Path;
        }

        try
        {
            File.Delete(part.Path);
            File.Delete(PartMetadata.PathFor(part.Path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leaving a .part behind is harmless: nothing reads it as complete.
            return part.Path;
        }

        return null;
    }

    private DownloadResult Finish(DownloadState state, string? path, DownloadException? error, string? sha256 = null, long? bytes = null)
    {
        var elapsed = item.State == DownloadState.Queued ? TimeSpan.Zero : Trio.CurrentTime - _startedAt;
        var result = new DownloadResult(
            item.Request, item.SavedAs ?? _suggestedName ?? item.Name, path, bytes ?? (path is null ? 0 : _part?.Length ?? 0), sha256, elapsed, item.Attempts, state, error);
        item.State = state;
        item.Result = result;
        observer?.OnFinished(item, result);
        return result;
    }

    /// <summary>Whether a 200 describes the same bytes as the file already there: the same length, and a date no later than its.</summary>
    private static bool IsCopyOf(HttpResponseMessage response, FileInfo existing) =>
        response.Content.Headers.ContentLength == existing.Length
        && response.Content.Headers.LastModified is { } modified && modified <= existing.LastWriteTimeUtc;

    /// <summary>The validator a resume may send in If-Range: a strong ETag, else Last-Modified.</summary>
    private static string? Validator(HttpResponseMessage response)
    {
        if (response.Headers.ETag is { IsWeak: false } etag)
        {
            return etag.Tag;
        }

        return response.Content.Headers.TryGetValues("Last-Modified", out var modified) ? modified.FirstOrDefault() : null;
    }

    /// <summary>A message on one line: the summary and the JSON report print one line per file.</summary>
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
