using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace TrioSharp.WorldBank;

/// <summary>
/// A client for the World Bank v2 API (<c>https://api.worldbank.org/v2/</c>) that runs on a TrioSharp loop:
/// the country list and indicator values as records, every page fetched (pages after the first in parallel),
/// at most <see cref="WorldBankClientOptions.MaxConcurrency"/> requests in flight, failures retried, answers
/// optionally cached on disk.
/// </summary>
/// <remarks>
/// <para>
/// Every method must be called inside <see cref="Trio.Run(Func{Task}, TrioRunOptions?)"/>, and a client belongs to
/// one loop at a time (its <see cref="CapacityLimiter"/> does). Nothing takes a <see cref="CancellationToken"/>:
/// the calling task's cancel scopes cancel everything a call started, HTTP requests included.
/// </para>
/// <para>
/// Retries: time-outs (<see cref="WorldBankClientOptions.RequestTimeout"/>, on the loop's clock), HTTP 5xx and
/// 408, connections cut mid-body, and 429 are tried again up to <see cref="WorldBankClientOptions.MaxAttempts"/>
/// times. A <c>Retry-After</c> is waited exactly; otherwise the wait is exponential backoff with "equal jitter"
/// (half fixed, half random), so clients that failed together do not retry together. The waits are
/// <see cref="Trio.Sleep(TimeSpan)"/>, so they follow the loop's clock (a <see cref="VirtualClock"/> jumps over
/// them) and hold no concurrency token. Polly was not used: its delays are <see cref="TimeProvider"/> timers,
/// which a <see cref="VirtualClock"/> never autojumps over, and its callbacks continue off the loop thread unless
/// every call passes a context that says otherwise.
/// </para>
/// </remarks>
public sealed class WorldBankClient
{
    private readonly HttpClient _http;
    private readonly CapacityLimiter _limiter;
    private readonly ResponseCache? _cache;
    private readonly Random _jitter;

    /// <summary>Creates a client that sends its requests through <paramref name="http"/> (which the caller keeps and disposes).</summary>
    /// <exception cref="ArgumentException">An option is out of range, or the base address is not an absolute http(s) URL.</exception>
    public WorldBankClient(HttpClient http, WorldBankClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        Options = options ?? new WorldBankClientOptions();
        BaseAddress = ApiRoot(Options.BaseAddress);
        Check(Options.MaxConcurrency >= 1, $"MaxConcurrency must be at least 1; got {Options.MaxConcurrency}.");
        Check(Options.CountriesPerRequest >= 1, $"CountriesPerRequest must be at least 1; got {Options.CountriesPerRequest}.");
        Check(Options.PerPage is null or >= 1, $"PerPage must be at least 1 (or null for the API's default); got {Options.PerPage}.");
        Check(Options.MaxAttempts >= 1, $"MaxAttempts must be at least 1; got {Options.MaxAttempts}.");
        Check(Options.RetryBaseDelay >= TimeSpan.Zero && Options.RetryMaxDelay >= Options.RetryBaseDelay, "The retry delays must satisfy 0 <= RetryBaseDelay <= RetryMaxDelay.");
        Check(Options.RequestTimeout > TimeSpan.Zero, "RequestTimeout must be positive.");
        _http = http;
        _limiter = new CapacityLimiter(Options.MaxConcurrency);
        Check(Options.CacheMaxAge >= TimeSpan.Zero, $"CacheMaxAge must not be negative; got {Options.CacheMaxAge}.");
        Check(Options.CachePolicy != WorldBankCachePolicy.CacheOnly || Options.CacheDirectory is not null, "CachePolicy.CacheOnly needs a CacheDirectory.");
        _cache = Options.CacheDirectory is { } directory ? new ResponseCache(directory, Options.CacheClock) : null;
        // Unseeded on purpose when the caller gives none: clients that back off in lockstep retry in lockstep.
#pragma warning disable RS0030 // Random.Shared is banned in src/ for reproducibility; Options.Jitter is how a run fixes it.
        _jitter = Options.Jitter ?? Random.Shared;
#pragma warning restore RS0030
    }

    /// <summary>The settings this client was created with.</summary>
    public WorldBankClientOptions Options { get; }

    /// <summary>The API's root (the address that <c>v2/...</c> is appended to), always ending in <c>/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The limiter that bounds the requests in flight; its statistics show who holds and who waits.</summary>
    public CapacityLimiter Limiter => _limiter;

    /// <summary>How many HTTP requests the client has sent, retries included.</summary>
    public int RequestsSent { get; private set; }

    /// <summary>How many pages the client has read from its cache instead of asking the server.</summary>
    public int CacheHits { get; private set; }

    /// <summary>The URL of one page of the country list.</summary>
    public Uri CountryListUrl(int page = 1) => Url("v2/country?format=json", page);

    /// <summary>The URL of one page of <paramref name="query"/>: all its countries joined with <c>;</c>.</summary>
    public Uri IndicatorUrl(IndicatorQuery query, int page = 1)
    {
        ArgumentNullException.ThrowIfNull(query);
        var ids = string.Join(';', query.CountryIds.Select(Uri.EscapeDataString));
        var years = query.MostRecentValues is { } recent ? $"mrv={recent}" : $"date={query.FromYear}:{query.ToYear}";
        return Url($"v2/country/{ids}/indicator/{Uri.EscapeDataString(query.Indicator)}?{years}&format=json", page);
    }

    /// <summary>Fetches the country list in the API's order (sorted by id): every page, or only those holding the first <paramref name="first"/> rows.</summary>
    /// <param name="first">How many rows are needed, or null for all of them.</param>
    /// <exception cref="WorldBankException">The server cannot be reached, keeps failing, or does not answer like the World Bank API.</exception>
    /// <exception cref="Cancelled">A scope around the call was cancelled.</exception>
    public async Task<IReadOnlyList<Country>> GetCountriesAsync(int? first = null)
    {
        var countries = await GetAllPagesAsync(CountryListUrl, RowReader.Country, first, RejectedList);
        return first is { } n && countries.Count > n ? countries.Take(n).ToList() : countries;
    }

    /// <summary>The URL of one page of the World Development Indicators' catalogue (source 2).</summary>
    public Uri IndicatorListUrl(int page = 1) => Url("v2/indicator?source=2&format=json", page);

    /// <summary>Fetches the whole indicator catalogue of the World Development Indicators, pages after the first in parallel (cached like any answer).</summary>
    /// <exception cref="WorldBankException">The server cannot be reached, keeps failing, or does not answer like the World Bank API.</exception>
    /// <exception cref="Cancelled">A scope around the call was cancelled.</exception>
    public Task<IReadOnlyList<IndicatorMetadata>> GetIndicatorsAsync() =>
        GetAllPagesAsync(IndicatorListUrl, RowReader.Indicator, null, RejectedList);

    /// <summary>Fetches one indicator's metadata: name, source, definition and topics.</summary>
    /// <param name="id">The indicator's id.</param>
    /// <exception cref="WorldBankApiException">The API does not know <paramref name="id"/> (its <see cref="WorldBankApiException.Parameter"/> is <c>indicator</c>).</exception>
    /// <exception cref="WorldBankException">The server cannot be reached, keeps failing, or does not answer like the World Bank API.</exception>
    /// <exception cref="Cancelled">A scope around the call was cancelled.</exception>
    public async Task<IndicatorMetadata> GetIndicatorAsync(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var url = Url($"v2/indicator/{Uri.EscapeDataString(id)}?format=json", 1);
        var page = await GetPageAsync(url, RowReader.Indicator);
        return page.Message is not null || page.Rows.Count == 0
            ? throw new WorldBankApiException(url, "indicator", id, page.Message?.Id ?? "120", page.Message?.Text ?? "no such indicator")
            : page.Rows[0];
    }

    /// <summary>
    /// Fetches <paramref name="query"/> as one request (its countries joined with <c>;</c>), every page of it,
    /// pages after the first in parallel. Countries without any data have no rows; the API's no-data answer
    /// gives an empty list.
    /// </summary>
    /// <exception cref="WorldBankApiException">The API rejected a country id or the indicator (named in the message).</exception>
    /// <exception cref="WorldBankException">The server cannot be reached, keeps failing, or does not answer like the World Bank API.</exception>
    /// <exception cref="Cancelled">A scope around the call was cancelled.</exception>
    public Task<IReadOnlyList<IndicatorValue>> GetIndicatorValuesAsync(IndicatorQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return GetAllPagesAsync(page => IndicatorUrl(query, page), RowReader.IndicatorValue, null, (url, message) => DiagnoseAsync(query, url, message));
    }

    /// <summary>
    /// Streams <paramref name="query"/> into <paramref name="results"/>: one <see cref="CountrySeries"/> per
    /// requested country, in the order the answers arrive, then closes <paramref name="results"/>.
    /// </summary>
    /// <remarks>
    /// The countries go in requests of <see cref="WorldBankClientOptions.CountriesPerRequest"/>, fetched by
    /// <see cref="WorldBankClientOptions.MaxConcurrency"/> workers. A worker sends a request's series before it
    /// takes the next request, so a consumer that falls behind slows the fetching (back-pressure) and at most
    /// one request's results per worker wait beyond the channel's buffer. Cancelling a scope around the call
    /// stops every worker and every request in flight; the first failure cancels the other workers and is
    /// raised in an <see cref="ExceptionGroup"/>.
    /// </remarks>
    /// <exception cref="ExceptionGroup">A request failed (see <see cref="GetIndicatorValuesAsync"/> for what it holds).</exception>
    /// <exception cref="Cancelled">A scope around the call was cancelled.</exception>
    public async Task FetchSeriesAsync(IndicatorQuery query, MemorySendChannel<CountrySeries> results)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(results);
        var requests = query.CountryIds.Chunk(Options.CountriesPerRequest).ToArray();
        var next = 0;
        await using (results)
        {
            await Nursery.RunAsync(workers =>
            {
                for (var i = 0; i < Math.Min(Options.MaxConcurrency, requests.Length); i++)
                {
                    var sender = results.Clone();
                    workers.StartSoon(
                        async () =>
                        {
                            await using (sender)
                            {
                                // The loop runs one task at a time, so taking the next request needs no lock.
                                while (next < requests.Length)
                                {
                                    var countries = requests[next++];
                                    var values = await GetIndicatorValuesAsync(query.ForCountries(countries));
                                    foreach (var id in countries)
                                    {
                                        await sender.SendAsync(new CountrySeries(id, values.Where(v => Matches(v, id)).ToList()));
                                    }
                                }
                            }
                        },
                        $"WorldBankClient worker {i}");
                }

                return Task.CompletedTask;
            });
        }
    }

    /// <summary>Fetches <paramref name="query"/> like <see cref="FetchSeriesAsync"/> and returns the series in the query's order.</summary>
    /// <exception cref="ExceptionGroup">A request failed.</exception>
    /// <exception cref="Cancelled">A scope around the call was cancelled.</exception>
    public async Task<IReadOnlyList<CountrySeries>> GetSeriesAsync(IndicatorQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var received = new Dictionary<string, CountrySeries>(StringComparer.Ordinal);
        var (sender, receiver) = MemoryChannel.Create<CountrySeries>(Options.MaxConcurrency);
        await Nursery.RunAsync(nursery =>
        {
            nursery.StartSoon(() => FetchSeriesAsync(query, sender), "WorldBankClient.FetchSeriesAsync");
            nursery.StartSoon(
                async () =>
                {
                    await foreach (var series in receiver)
                    {
                        received[series.CountryId] = series;
                    }
                },
                "WorldBankClient.GetSeriesAsync consumer");
            return Task.CompletedTask;
        });
        return query.CountryIds.Select(id => received[id]).ToList();
    }

    private static bool Matches(IndicatorValue value, string id) =>
        string.Equals(value.CountryIso3Code, id, StringComparison.OrdinalIgnoreCase) || string.Equals(value.CountryId, id, StringComparison.OrdinalIgnoreCase);

    private static Uri ApiRoot(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Check(address.IsAbsoluteUri && address.Scheme is "http" or "https", $"The base address must be an absolute http:// or https:// URL; got '{address}'.");
        var text = address.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (text.EndsWith("/v2", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^3];
        }

        return new Uri(text + "/");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    private static Task<Exception> RejectedList(Uri url, ApiMessage message) =>
        Task.FromResult<Exception>(new WorldBankApiException(url, null, null, message.Id, message.Text));

    private Uri Url(string pathAndQuery, int page)
    {
        var query = pathAndQuery;
        if (Options.PerPage is { } perPage)
        {
            query += $"&per_page={perPage.ToString(CultureInfo.InvariantCulture)}";
        }

        if (page > 1)
        {
            query += $"&page={page.ToString(CultureInfo.InvariantCulture)}";
        }

        return new Uri(BaseAddress, query);
    }

    private async Task<IReadOnlyList<T>> GetAllPagesAsync<T>(Func<int, Uri> urlFor, Func<JsonElement, T> readRow, int? firstRows, Func<Uri, ApiMessage, Task<Exception>> rejected)
    {
        var firstUrl = urlFor(1);
        var first = await GetPageAsync(firstUrl, readRow);
        if (first.Message is { } message)
        {
            throw await rejected(firstUrl, message);
        }

        var pages = firstRows is { } n && first.PerPage > 0 ? Math.Min(first.Pages, (n + first.PerPage - 1) / first.PerPage) : first.Pages;
        if (pages <= 1)
        {
            return first.Rows;
        }

        var later = new IReadOnlyList<T>[pages - 1];
        await Nursery.RunAsync(nursery =>
        {
            for (var page = 2; page <= pages; page++)
            {
                var index = page - 2;
                var url = urlFor(page);
                nursery.StartSoon(
                    async () =>
                    {
                        var answer = await GetPageAsync(url, readRow);
                        if (answer.Message is { } m)
                        {
                            throw await rejected(url, m);
                        }

                        later[index] = answer.Rows;
                    },
                    $"page {page} of {firstUrl}");
            }

            return Task.CompletedTask;
        });
        return [.. first.Rows, .. later.SelectMany(rows => rows)];
    }

    /// <summary>Finds which part of a rejected indicator request the API does not know: each country in turn, else the indicator.</summary>
    private async Task<Exception> DiagnoseAsync(IndicatorQuery query, Uri url, ApiMessage message)
    {
        foreach (var id in query.CountryIds)
        {
            var lookup = await GetPageAsync(Url($"v2/country/{Uri.EscapeDataString(id)}?format=json", 1), RowReader.Country);
            if (lookup.Message is not null || lookup.Rows.Count == 0)
            {
                return new WorldBankApiException(url, "country", id, message.Id, message.Text);
            }
        }

        return new WorldBankApiException(url, "indicator", query.Indicator, message.Id, message.Text);
    }

    /// <summary>One page, from the cache or the server; data answers are cached, error messages are not.</summary>
    private async Task<ApiPage<T>> GetPageAsync<T>(Uri url, Func<JsonElement, T> readRow)
    {
        var policy = Options.CachePolicy;
        if (_cache is not null && policy != WorldBankCachePolicy.Refresh
            && await _cache.TryReadAsync(url, policy == WorldBankCachePolicy.CacheOnly ? null : Options.CacheMaxAge) is { } cached)
        {
            try
            {
                var hit = ApiPage<T>.Parse(cached, url, "application/json", readRow);
                CacheHits++;
                return hit;
            }
            catch (WorldBankException)
            {
                // A damaged entry is a miss: fetch again and overwrite it.
            }
        }

        if (policy == WorldBankCachePolicy.CacheOnly)
        {
            throw new WorldBankException($"{url} is not in the cache '{_cache!.Directory}' (cache only); fetch it once with the cache on to use it offline.", url)
            {
                ServerAnswered = false,
            };
        }

        var (body, mediaType) = await DownloadAsync(url);
        var page = ApiPage<T>.Parse(body, url, mediaType, readRow);
        if (_cache is not null && page.Message is null)
        {
            await _cache.WriteAsync(url, body);
        }

        return page;
    }

    private async Task<(byte[] Body, string? MediaType)> DownloadAsync(Uri url)
    {
        for (var attempt = 1; ; attempt++)
        {
            AttemptResult result;
            using (await _limiter.AcquireScopeAsync())
            {
                result = await TryOnceAsync(url);
            }

            if (result.Body is { } body)
            {
                return (body, result.MediaType);
            }

            var failure = result.Failure!;
            if (!result.Transient)
            {
                throw failure;
            }

            if (attempt >= Options.MaxAttempts)
            {
                throw new WorldBankException($"{failure.Message} Gave up after {attempt} attempts.", url, failure) { ServerAnswered = failure.ServerAnswered };
            }

            if (result.RetryAfter > Options.RetryMaxDelay)
            {
                throw new WorldBankException(
                    $"{failure.Message} It asked to retry after {result.RetryAfter.Value.TotalSeconds:0.#} s, longer than this client waits ({Options.RetryMaxDelay.TotalSeconds:0.#} s).",
                    url,
                    failure);
            }

            await Trio.Sleep(result.RetryAfter ?? RetryTiming.Backoff(Options.RetryBaseDelay, Options.RetryMaxDelay, attempt, _jitter));
        }
    }

    private async Task<AttemptResult> TryOnceAsync(Uri url)
    {
        RequestsSent++;
        var timeout = CancelScope.WithTimeout(Options.RequestTimeout);
        var result = default(AttemptResult);
        await timeout.RunAsync(async scope => result = await SendAsync(url, scope.Token));
        return timeout.CancelledCaught
            ? AttemptResult.Retry(new WorldBankException($"{url} did not answer within {Options.RequestTimeout.TotalSeconds:0.###} s.", url))
            : result;
    }

    private async Task<AttemptResult> SendAsync(Uri url, CancellationToken token)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, token);
        }
        catch (HttpRequestException e)
        {
            var failure = new WorldBankException($"cannot reach {url.GetLeftPart(UriPartial.Authority)}: {e.Message}", url, e) { ServerAnswered = false };
            return IsPermanent(e) ? AttemptResult.Fail(failure) : AttemptResult.Retry(failure);
        }
        catch (TaskCanceledException e) when (!token.IsCancellationRequested)
        {
            return AttemptResult.Retry(new WorldBankException($"{url} did not answer within the HttpClient's time-out ({_http.Timeout.TotalSeconds:0.###} s).", url, e));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!response.IsSuccessStatusCode)
            {
                var message = $"{url} answered HTTP {status} {response.ReasonPhrase}.";
                return RetryTiming.IsRetriableStatus(status)
                    ? AttemptResult.Retry(new WorldBankException(message, url), RetryTiming.RetryAfter(response, Trio.CurrentClock.GetUtcNow()))
                    : AttemptResult.Fail(new WorldBankException(message, url) { UnexpectedAnswer = true });
            }

            try
            {
                return AttemptResult.Success(await response.Content.ReadAsByteArrayAsync(token), mediaType);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                return AttemptResult.Retry(new WorldBankException($"{url} cut the connection before the whole answer arrived ({e.Message}).", url, e));
            }
        }
    }

    private static bool IsPermanent(HttpRequestException error) =>
        error.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ConfigurationLimitExceeded
        || error.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
}
