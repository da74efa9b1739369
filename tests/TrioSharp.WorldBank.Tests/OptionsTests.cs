namespace TrioSharp.WorldBank.Tests;

public class OptionsTests
{
    [Theory]
    [InlineData("https://api.worldbank.org", "https://api.worldbank.org/")]
    [InlineData("https://api.worldbank.org/v2/", "https://api.worldbank.org/")]
    [InlineData("http://127.0.0.1:8080/mirror/v2", "http://127.0.0.1:8080/mirror/")]
    public void BaseAddress_WithOrWithoutV2_IsTheApiRoot(string given, string root)
    {
        using var http = new HttpClient();

        var client = new WorldBankClient(http, new WorldBankClientOptions { BaseAddress = new Uri(given) });

        Assert.Equal(new Uri(root), client.BaseAddress);
        Assert.Equal(new Uri(root + "v2/country?format=json&page=2"), client.CountryListUrl(2));
    }

    [Fact]
    public void Constructor_ConcurrencyBelowOne_ThrowsNamingTheValue()
    {
        using var http = new HttpClient();

        var error = Assert.Throws<ArgumentException>(() => new WorldBankClient(http, new WorldBankClientOptions { MaxConcurrency = 0 }));

        Assert.Contains("MaxConcurrency must be at least 1; got 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_FtpAddress_ThrowsNamingIt()
    {
        using var http = new HttpClient();

        var error = Assert.Throws<ArgumentException>(() => new WorldBankClient(http, new WorldBankClientOptions { BaseAddress = new Uri("ftp://example.org/") }));

        Assert.Contains("'ftp://example.org/'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IndicatorQuery_FromAfterTo_ThrowsNamingBothYears()
    {
        var error = Assert.Throws<ArgumentException>(() => new IndicatorQuery(["ABW"], IndicatorQuery.GdpCurrentUsd, 2019, 1999));

        Assert.Contains("The first year (2019) is after the last year (1999)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IndicatorQuery_IdWithSeparator_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new IndicatorQuery(["ABW;AFG"], IndicatorQuery.GdpCurrentUsd, 1999, 2019));

        Assert.Contains("'ABW;AFG' is not a valid country id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IndicatorUrl_SeveralCountries_JoinsThemWithSemicolons()
    {
        using var http = new HttpClient();
        var client = new WorldBankClient(http, new WorldBankClientOptions { PerPage = 100 });

        var url = client.IndicatorUrl(new IndicatorQuery(["ABW", "AFG"], "NY.GDP.MKTP.CD", 2000, 2010), page: 3);

        Assert.Equal("https://api.worldbank.org/v2/country/ABW;AFG/indicator/NY.GDP.MKTP.CD?date=2000:2010&format=json&per_page=100&page=3", url.AbsoluteUri);
    }
}
