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
    private string? _validator;
    private string? _suggestedName;
    private TimeSpan _startedAt;

    private string PartPath => Path.Combine(downloader.Directory, item.Name + ".part");

    /// <summary>Runs the download to its end and reports it; raises <see cref="Cancelled"/> (after saving the <c>.part</c>) when cancelled.</summary>
    public async Task<DownloadResult> RunAsync()
    {
        var host = downloader.GateFor(_url);
        var holding = false;
        try
        {
            if (item.Rejection is { } rejection)
            {
                return Finish(DownloadState.Failed, null, rejection);
            }

            await AcquireAsync(host);
            holding = true;
            _startedAt = Trio.CurrentTime;
            item.State = DownloadState.Running;
            observer?.OnStarted(item);
            OpenPart();
            for (var attempt = 1; ; attempt++)
            {
                item.Attempts = attempt;
                try
                {
                    await AttemptAsync();
                    break;
                }
                catch (DownloadException e) when (e.Retriable && attempt < _options.MaxAttempts)
                {
                    var delay = Backoff.Delay(_options, attempt, e.RetryAfter);
                    if (e.RetryAfter is { } wait)
                    {
                        host.PauseUntil(Trio.CurrentTime + wait);
                    }

                    Release(host);
                    holding = false;
                    item.State = DownloadState.Retrying;
                    observer?.OnRetrying(item, e, delay);
                    await Trio.Sleep(delay);
                    await AcquireAsync(host);
                    holding = true;
                    item.State = DownloadState.Running;
                }
            }

            return await CompleteAsync();
        }
        catch (DownloadException e)
        {
            return Finish(DownloadState.Failed, LeavePart(keep: _options.KeepPartialFiles), e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var error = new DownloadException(_url, DownloadFailure.FileSystem, $"{_url}: cannot write {PartPath}: {e.Message}", e);
            return Finish(DownloadState.Failed, LeavePart(keep: _options.KeepPartialFiles), error);
        }
        catch (Cancelled)
        {
            Finish(DownloadState.Cancelled, LeavePart(keep: true), null);
            throw;
        }
        finally
        {
            if (holding)
            {
                Release(host);
            }

            _part?.Dispose();
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
        }
        catch
        {
            host.Limiter.Release();
            throw;
        }
    }

    private void Release(HostGate host)
    {
        downloader.Global.Release();
        host.Limiter.Release();
    }

    /// <summary>Opens the <c>.part</c> file: resumes it if its metadata names this URL and a validator, else starts it afresh.</summary>
    private void OpenPart()
    {
        var hash = _options.ComputeSha256 || item.Request.Sha256 is not null;
        if (!item.PartMayExist)
        {
            _part = PartFile.Open(PartPath, resume: false, hash, expectNew: true);
            return;
        }

        var metadata = PartMetadata.Take(PartPath);
        var resume = metadata is not null && metadata.Url == _url.AbsoluteUri;
        _validator = resume ? metadata!.Validator : null;
        _part = PartFile.Open(PartPath, resume, hash);
        if (resume && metadata!.Length is { } length && _part.Length > length)
        {
            _part.Truncate();
        }

        item.BytesReceived = _part.Length;
        item.TotalBytes = resume ? metadata!.Length : null;
    }

    private async Task AttemptAsync()
    {
        var part = _part!;
        if (part.Length > 0 && _validator is null)
        {
            // Bytes whose version cannot be checked are never extended: If-Range needs a validator.
            part.Truncate();
        }

        var resuming = part.Length > 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, _url)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = _options.Http2PriorKnowledge ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
        };
        if (resuming)
        {
            request.Headers.Range = new RangeHeaderValue(part.Length, null);
            request.Headers.TryAddWithoutValidation("If-Range", _validator);
        }

        // One scope bounds the whole attempt: its deadline is the connect time-out until the headers arrive, then the
        // stall time-out, re-armed as bytes come (one scope and one token per attempt, not one per phase).
        var attempt = new CancelScope { RelativeDeadline = _options.ConnectTimeout };
        HttpResponseMessage? response = null;
        try
        {
            await attempt.RunAsync(async scope =>
            {
                response = await SendAsync(request, scope.Token);
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
            // Headers in hand: the body stalled; none: the server never answered.
            throw response is not null
                ? new DownloadException(_url, DownloadFailure.Stalled, $"{_url}: no data for {Seconds(_options.StallTimeout)} after {part.Length} bytes.")
                {
                    Retriable = true,
                }
                : new DownloadException(_url, DownloadFailure.ConnectTimeout, $"{_url}: no response within {Seconds(_options.ConnectTimeout)}.")
                {
                    Retriable = true,
                };
        }

        if (item.TotalBytes is { } expected && part.Length != expected)
        {
            throw new DownloadException(_url, DownloadFailure.Truncated, $"{_url}: received {part.Length} of {expected} bytes.")
            {
                Retriable = true,
            };
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken token)
    {
        try
        {
            return await downloader.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
        }
        catch (HttpRequestException e)
        {
            throw new DownloadException(_url, DownloadFailure.Connection, $"cannot reach {_url.GetLeftPart(UriPartial.Authority)}: {e.Message}", e)
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
        item.TotalBytes = total;
        item.BytesReceived = part.Length;
        await ReceiveBodyAsync(response, part, scope);
    }

    private async Task ReceiveBodyAsync(HttpResponseMessage response, PartFile part, CancelScope scope)
    {
        // A body of known small size needs no more than its size; large ones get fewer, bigger reads (fewer loop hops).
        var remaining = item.TotalBytes is { } total ? total - part.Length : long.MaxValue;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(remaining, 4096, _options.BufferSize));
        var reading = false;

        // buffer[flushed..filled) is received but not yet written; see the loop for when it is.
        int flushed = 0, filled = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync();

            // Re-arming on every read would leave one stale timer per read in the loop's heap until it expires; re-arming
            // at most every eighth of the time-out still gives up between 7/8 and 8/8 of it after the last byte.
            var rearmEvery = _options.StallTimeout / 8;
            var armedAt = Trio.CurrentTime;

            // Bytes are written when the buffer is full, at the end, or before a read that has to wait: small bodies
            // take one write, and the .part file is current whenever the transfer waits (so a stall or a Ctrl+C keeps
            // everything received).
            while (true)
            {
                int n;
                try
                {
                    var read = body.ReadAsync(buffer.AsMemory(filled), scope.Token);
                    if (!read.IsCompleted)
                    {
                        // The pending read fills buffer[filled..]; writing buffer[flushed..filled) does not overlap it.
                        reading = true;
                        part.Write(buffer.AsSpan(flushed, filled - flushed));
                        flushed = filled;
                    }

                    n = await read;
                    reading = false;
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    throw new DownloadException(
                        _url, DownloadFailure.Truncated, $"{_url}: the connection broke after {part.Length + filled - flushed} bytes: {e.Message}", e)
                    {
                        Retriable = true,
                    };
                }

                filled += n;
                item.BytesReceived = part.Length + filled - flushed;
                if (n == 0 || filled == buffer.Length)
                {
                    part.Write(buffer.AsSpan(flushed, filled - flushed));
                    flushed = filled = 0;
                    if (n == 0)
                    {
                        return;
                    }
                }

                if (Trio.CurrentTime - armedAt >= rearmEvery)
                {
                    armedAt = Trio.CurrentTime;
                    scope.RelativeDeadline = _options.StallTimeout;
                }
            }
        }
        finally
        {
            if (!reading)
            {
                part.Write(buffer.AsSpan(flushed, filled - flushed));

                // A write that failed while a read was pending leaves the socket writing into the buffer: let the GC have it.
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private DownloadException HttpStatusError(HttpResponseMessage response, int status)
    {
        var retryAfter = Backoff.RetryAfter(response, Trio.CurrentClock.GetUtcNow());
        var retriable = Backoff.IsRetriable(status);
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
        var sha256 = part.Sha256();
        if (item.Request.Sha256 is { } expected && expected != sha256)
        {
            throw new DownloadException(
                _url, DownloadFailure.ChecksumMismatch, $"{_url}: SHA-256 is {sha256}, expected {expected}; kept {part.Path}.");
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
        return Finish(DownloadState.Completed, Path.Combine(downloader.Directory, saved), null, sha256);
    }

    private DownloadException Collision(string name) => new(
        _url, DownloadFailure.NameCollision, $"{Path.Combine(downloader.Directory, name)} already exists; the download is kept in {PartPath}.");

    /// <summary>Keeps the <c>.part</c> file with its metadata for a resume, or deletes both; returns the kept path.</summary>
    private string? LeavePart(bool keep)
    {
        var part = _part;
        if (part is null)
        {
            return null;
        }

        part.Dispose();
        if (keep && part.Length > 0)
        {
            if (_validator is not null)
            {
                new PartMetadata(_url.AbsoluteUri, _validator, item.TotalBytes).Save(part.Path);
            }

            return part.Path;
        }

        File.Delete(part.Path);
        File.Delete(PartMetadata.PathFor(part.Path));
        return null;
    }

    private DownloadResult Finish(DownloadState state, string? path, DownloadException? error, string? sha256 = null)
    {
        var elapsed = item.State == DownloadState.Queued ? TimeSpan.Zero : Trio.CurrentTime - _startedAt;
        var result = new DownloadResult(
            item.Request, item.SavedAs ?? _suggestedName ?? item.Name, path, path is null ? 0 : _part?.Length ?? 0, sha256, elapsed, item.Attempts, state, error);
        item.State = state;
        item.Result = result;
        observer?.OnFinished(item, result);
        return result;
    }

    /// <summary>The validator a resume may send in If-Range: a strong ETag, else Last-Modified.</summary>
    private static string? Validator(HttpResponseMessage response)
    {
        if (response.Headers.ETag is { IsWeak: false } etag)
        {
            return etag.Tag;
        }

        return response.Content.Headers.TryGetValues("Last-Modified", out var modified) ? modified.FirstOrDefault() : null;
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
