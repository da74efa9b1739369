using System.Text;
using System.Text.Json;
using TrioSharp.Mirror;

namespace TrioSharp.WorldBank.Tests;

public class FaultTests
{
    private const string AbwPath = "/v2/country/ABW/indicator/NY.GDP.MKTP.CD?date=1999:2019&format=json";

    private static readonly IndicatorQuery Abw = new(["ABW"], IndicatorQuery.GdpCurrentUsd, 1999, 2019);

    // Backoff with jitter fixed at 0.5: half of 0.5 s + a quarter of it, then half of 1 s + a quarter of it.
    private static readonly WorldBankClientOptions Fixed = new() { Jitter = ClientRun.FixedJitter(0.5) };

    [Fact]
    public async Task GetIndicatorValuesAsync_503Twice_RetriesWithBackoffThenSucceeds()
    {
        await using var mirror = await ClientRun.MirrorAsync(new MirrorFaults { FailFirst = 2 });

        var (count, elapsed, sent) = await ClientRun.RunAsync(mirror, Fixed, async client =>
            ((await client.GetIndicatorValuesAsync(Abw)).Count, Trio.CurrentTime, client.RequestsSent));

        Assert.Equal(21, count);
        Assert.Equal(3, mirror.RequestsFor(AbwPath));
        Assert.Equal(3, sent);
        Assert.Equal(TimeSpan.FromSeconds(0.375 + 0.75), elapsed);
    }

    [Fact]
    public async Task GetIndicatorValuesAsync_503EveryTime_GivesUpAfterMaxAttemptsNamingTheStatus()
    {
        await using var mirror = await ClientRun.MirrorAsync(new MirrorFaults { FailFirst = int.MaxValue });

        var error = await Assert.ThrowsAsync<WorldBankException>(() =>
            ClientRun.RunAsync(mirror, Fixed with { MaxAttempts = 3 }, client => client.GetIndicatorValuesAsync(Abw)));

        Assert.Contains("answered HTTP 503", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gave up after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, mirror.RequestsFor(AbwPath));
    }

    [Fact]
    public async Task GetIndicatorValuesAsync_429WithRetryAfter_WaitsExactlyThatLongThenSucceeds()
    {
        await using var mirror = await ClientRun.MirrorAsync(new MirrorFaults { ThrottleFirst = 1, RetryAfterSeconds = 2 });

        var (count, elapsed) = await ClientRun.RunAsync(mirror, Fixed, async client =>
            ((await client.GetIndicatorValuesAsync(Abw)).Count, Trio.CurrentTime));

        Assert.Equal(21, count);
        Assert.Equal(2, mirror.RequestsFor(AbwPath));
        Assert.Equal(TimeSpan.FromSeconds(2), elapsed);
    }

    [Fact]
    public async Task GetIndicatorValuesAsync_RetryAfterBeyondMaxDelay_FailsAtOnceSayingSo()
    {
        await using var mirror = await ClientRun.MirrorAsync(new MirrorFaults { ThrottleFirst = 1, RetryAfterSeconds = 120 });

        var error = await Assert.ThrowsAsync<WorldBankException>(() =>
            ClientRun.RunAsync(mirror, Fixed, client => client.GetIndicatorValuesAsync(Abw)));

        Assert.Contains("HTTP 429", error.Message, StringComparison.Ordinal);
        Assert.Contains("retry after 120 s, longer than this client waits (30 s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, mirror.RequestsFor(AbwPath));
    }

    [Fact]
    public async Task GetIndicatorValuesAsync_CutBody_RetriesAndSucceeds()
    {
        await using var mirror = await ClientRun.MirrorAsync(new MirrorFaults { CutBodyAt = 100, CutFirst = 1 });

        var (count, elapsed) = await ClientRun.RunAsync(mirror, Fixed, async client =>
            ((await client.GetIndicatorValuesAsync(Abw)).Count, Trio.CurrentTime));

        Assert.Equal(21, count);
        Assert.Equal(2, mirror.RequestsFor(AbwPath));
        Assert.Equal(TimeSpan.FromSeconds(0.375), elapsed);
    }

    [Fact]
    public async Task GetIndicatorValuesAsync_BodyAlwaysCut_FailsNamingTheCutNotJson()
    {
        await using var mirror = await ClientRun.MirrorAsync(new MirrorFaults { CutBodyAt = 100 });

        var error = await Assert.ThrowsAsync<WorldBankException>(() =>
            ClientRun.RunAsync(mirror, Fixed with { MaxAttempts = 2 }, client => client.GetIndicatorValuesAsync(Abw)));

        Assert.Contains("cut the connection before the whole answer arrived", error.Message, StringComparison.Ordinal);
        Assert.IsNotType<JsonException>(error.InnerException);
        Assert.Equal(2, mirror.RequestsFor(AbwPath));
    }

    [Fact]
    public async Task GetIndicatorValuesAsync_BodyStalls_TimesOutAndRetries()
    {
        // The first answer stops after 100 bytes and never ends: only the time-out can end that attempt.
        await using var mirror = await ClientRun.MirrorAsync(new MirrorFaults { StallBodyAt = 100, StallFirst = 1 });

        var count = await ClientRun.RunAsync(
            mirror,
            Fixed with { RequestTimeout = TimeSpan.FromSeconds(1) },
            async client => (await client.GetIndicatorValuesAsync(Abw)).Count,
            new SystemClock());

        Assert.Equal(21, count);
        Assert.Equal(2, mirror.RequestsFor(AbwPath));
    }

    [Fact]
    public async Task GetIndicatorValuesAsync_HtmlBody_FailsWithClearErrorWithoutRetrying()
    {
        await using var mirror = await ClientRun.MirrorAsync(new MirrorFaults { HtmlFirst = 1 });

        var error = await Assert.ThrowsAsync<WorldBankException>(() =>
            ClientRun.RunAsync(mirror, Fixed, client => client.GetIndicatorValuesAsync(Abw)));

        Assert.StartsWith($"{mirror.BaseAddress}v2/country/ABW/indicator/NY.GDP.MKTP.CD", error.Message, StringComparison.Ordinal);
        Assert.Contains("answered text/html (HTML or XML) where JSON was expected", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
        Assert.Equal(1, mirror.RequestCount);
    }

    [Fact]
    public void Parse_XmlBody_FailsWithClearError()
    {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><wb:error xmlns:wb=\"http://www.worldbank.org\"/>"u8.ToArray();

        var error = Assert.Throws<WorldBankException>(() =>
            ApiPage<Country>.Parse(xml, new Uri("http://127.0.0.1/v2/country"), "application/xml", RowReader.Country));

        Assert.Contains("answered application/xml (HTML or XML) where JSON was expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonOfAnotherShape_FailsNamingTheExpectedShape()
    {
        var error = Assert.Throws<WorldBankException>(() =>
            ApiPage<Country>.Parse(Encoding.UTF8.GetBytes("{\"ok\":true}"), new Uri("http://127.0.0.1/v2/country"), "application/json", RowReader.Country));

        Assert.Contains("not the World Bank API's [meta, rows] shape", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIndicatorValuesAsync_UnknownIndicator_RaisesApiErrorNamingIt()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var error = await Assert.ThrowsAsync<WorldBankApiException>(() =>
            ClientRun.RunAsync(mirror, Fixed, client => client.GetIndicatorValuesAsync(new IndicatorQuery(["ABW"], "NY.NOPE", 1999, 2019))));

        Assert.Equal(("indicator", "NY.NOPE", "120"), (error.Parameter, error.Value, error.MessageId));
        Assert.Equal("the World Bank API does not know indicator 'NY.NOPE' (message 120: Invalid value: The provided parameter value is not valid).", error.Message);
    }

    [Fact]
    public async Task GetIndicatorValuesAsync_UnknownCountryAmongSeveral_RaisesApiErrorNamingIt()
    {
        await using var mirror = await ClientRun.MirrorAsync();

        var error = await Assert.ThrowsAsync<WorldBankApiException>(() =>
            ClientRun.RunAsync(mirror, Fixed, client => client.GetIndicatorValuesAsync(new IndicatorQuery(["ABW", "XYZ", "AFG"], IndicatorQuery.GdpCurrentUsd, 1999, 2019))));

        Assert.Equal(("country", "XYZ"), (error.Parameter, error.Value));
        Assert.Contains("does not know country 'XYZ'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCountriesAsync_NothingListening_FailsAtOnceSayingItCannotReachTheServer()
    {
        // Port 1 on loopback refuses connections: a refusal is not retried.
        var error = await Assert.ThrowsAsync<WorldBankException>(() =>
            ClientRun.RunAsync(new Uri("http://127.0.0.1:1/"), Fixed, client => client.GetCountriesAsync()));

        Assert.StartsWith("cannot reach http://127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.False(error.ServerAnswered);
    }
}
