using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TrioSharp.Mirror;
using TrioSharp.WorldBank;

namespace TrioSharp.Cli.Commands;

/// <summary><c>triosharp gdp</c>: growth of a World Bank indicator per country, fetched concurrently, as lines, a table, CSV, JSON or a chart.</summary>
internal static class GdpCommand
{
    private const int FirstYear = 1960;
    private const int MaxConcurrency = 100;
    internal const string AllowedBaseUrl = "the root of https://api.worldbank.org/ or of a mirror of it (triosharp mirror)";

    public static Command Create(CliConsole console)
    {
        var countries = new Option<string[]>("--countries", "-c")
        {
            Description = "Country ids, ISO3 or ISO2 (ABW AFG US or ABW,AFG), a number N for the first N of the country list (after the filters below), or 'all'.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["20"],
        };
        var indicator = new Option<string>("--indicator", "-i") { Description = "The indicator's id.", DefaultValueFactory = _ => IndicatorQuery.GdpCurrentUsd };
        var from = new Option<int>("--from") { Description = "The first year.", DefaultValueFactory = _ => 1999 };
        var to = new Option<int>("--to") { Description = "The last year.", DefaultValueFactory = _ => 2019 };
        var concurrency = new Option<int>("--concurrency", "-j") { Description = "How many requests may be in flight at once.", DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch") { Description = "How many countries one request asks for (joined with ';').", DefaultValueFactory = _ => 1 };
        var baseUrl = new Option<string?>("--base-url") { Description = "The World Bank API's root (default https://api.worldbank.org/)." };
        var offline = new Option<bool>("--offline") { Description = "Serve the API from the embedded mirror (no internet needed, no cache)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Neither read nor write the on-disk cache." };
        var cacheDir = new Option<string?>("--cache-dir") { Description = $"Where answers are cached (default {DefaultCacheDirectory()})." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV: one row per country, one column per year." };
        var json = new Option<bool>("--json") { Description = "Print JSON with every value." };
        var chart = new Option<string?>("--chart") { Description = "Also draw growth per country as a bar chart into FILE.png or FILE.svg." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Report the requests sent, the cache hits and how long fetching took, on standard error." };
        var command = new Command("gdp", "Growth of GDP (or another World Bank indicator) per country, fetched concurrently with retries and a cache.\n"
            + "Prints the seed's lines on a pipe, a table and a bar chart on a terminal.\n"
            + "Examples:\n  triosharp gdp --offline\n  triosharp gdp --countries all --concurrency 10 --chart gdp.png\n"
            + "  triosharp gdp -c USA CHN IND --from 2000 --to 2020 --csv\n  triosharp gdp -c all --economies --region SSF --income LIC")
        {
            countries, indicator, from, to, concurrency, batch, baseUrl, offline, noCache, cacheDir, csv, json, chart, verbose,
        };
        OptionConflicts.Exclusive(command, csv, json);
        var filter = new CountryFilterOptions(command);
        var cache = new CacheOptions(command, noCache, offline);
        command.SetAction(async (result, cancellation) =>
        {
            var (settings, problem) = Check(
                result.GetValue(countries)!,
                result.GetValue(indicator)!,
                result.GetValue(from),
                result.GetValue(to),
                result.GetValue(concurrency),
                result.GetValue(batch),
                result.GetValue(baseUrl),
                result.GetValue(offline),
                result.GetValue(noCache) ? null : result.GetValue(cacheDir) ?? (result.GetValue(offline) ? null : DefaultCacheDirectory()),
                result.GetValue(csv) ? GdpFormat.Csv : result.GetValue(json) ? GdpFormat.Json : console.IsTerminal ? GdpFormat.Table : GdpFormat.Lines,
                result.GetValue(chart));
            if (settings is null)
            {
                console.Error(problem!);
                return 2;
            }

            var (maxAge, policy) = cache.Read(result);
            settings = settings with { Verbose = result.GetValue(verbose), Filter = filter.Read(result), CacheMaxAge = maxAge, CachePolicy = policy };
            using var interrupt = new CtrlC(cancellation);
            return await EmbeddedMirror.RunAsync(console, settings.Offline, mirror =>
            {
                try
                {
                    var run = mirror is null ? settings : settings with { BaseUrl = mirror.BaseAddress };
                    var rows = console.IsTerminal && run.Format == GdpFormat.Table
                        ? WithProgress(console, run, interrupt.Token)
                        : Fetch(console, run, (_, _) => { }, interrupt.Token);
                    if (rows is null)
                    {
                        console.Error("cancelled.");
                        return Task.FromResult(130);
                    }

                    GdpOutput.Write(console, rows, run);
                    if (run.ChartPath is { } path)
                    {
                        GrowthChart.Save(path, rows, run);
                    }

                    return Task.FromResult(0);
                }
                catch (Exception e) when (BadInput(e) is { } message)
                {
                    console.Error(message);
                    return Task.FromResult(2);
                }
            }, interrupt.Token);
        });
        return command;
    }

    /// <summary>Checks the options; returns the settings, or null and a one-line problem naming the value and what is allowed.</summary>
    internal static (GdpSettings? Settings, string? Problem) Check(
        string[] countries, string indicator, int from, int to, int concurrency, int batch, string? baseUrl, bool offline, string? cacheDirectory, GdpFormat format, string? chart)
    {
        var lastYear = TimeProvider.System.GetUtcNow().Year;
        var tokens = countries.SelectMany(c => c.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        int? first = null;
        List<string>? ids = null;
        if (tokens.Count == 1 && int.TryParse(tokens[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            if (n < 1)
            {
                return (null, $"--countries {tokens[0]}: a number of countries must be at least 1; allowed: a number, 'all', or country ids.");
            }

            first = n;
        }
        else if (tokens.Count == 0)
        {
            return (null, "--countries is empty; allowed: country ids (ABW AFG), a number N for the first N of the list, or 'all'.");
        }
        else if (!(tokens.Count == 1 && tokens[0].Equals("all", StringComparison.OrdinalIgnoreCase)))
        {
            if (tokens.FirstOrDefault(t => !t.All(char.IsAsciiLetterOrDigit)) is { } bad)
            {
                return (null, $"--countries: '{bad}' is not a country id; allowed: ids of letters and digits such as ABW or US.");
            }

            ids = tokens;
        }

        Uri? root = null;
        if (baseUrl is not null)
        {
            if (offline)
            {
                return (null, $"--base-url {baseUrl} and --offline exclude each other; allowed: one of them.");
            }

            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out root) || root.Scheme is not ("http" or "https"))
            {
                return (null, $"--base-url '{baseUrl}' is not an http:// or https:// URL; allowed: {AllowedBaseUrl}.");
            }
        }

        string? problem = null;
        if (string.IsNullOrWhiteSpace(indicator) || !indicator.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            problem = $"--indicator '{indicator}' is not an indicator id; allowed: letters, digits and dots, such as {IndicatorQuery.GdpCurrentUsd}.";
        }
        else if (from < FirstYear || from > lastYear)
        {
            problem = $"--from {from} is out of range; allowed: {FirstYear} to {lastYear}.";
        }
        else if (to < FirstYear || to > lastYear)
        {
            problem = $"--to {to} is out of range; allowed: {FirstYear} to {lastYear}.";
        }
        else if (from > to)
        {
            problem = $"--from {from} is after --to {to}; allowed: a first year not after the last.";
        }
        else if (concurrency is < 1 or > MaxConcurrency)
        {
            problem = $"--concurrency {concurrency} is out of range; allowed: 1 to {MaxConcurrency}.";
        }
        else if (batch is < 1 or > 50)
        {
            problem = $"--batch {batch} is out of range; allowed: 1 to 50 countries per request.";
        }
        else if (chart is not null && !GrowthChart.IsSupported(chart))
        {
            problem = $"--chart '{chart}' has an unknown format; allowed: a file name ending in .png or .svg.";
        }

        return problem is not null ? (null, problem) : (new GdpSettings
        {
            FirstCountries = first,
            CountryIds = ids,
            Indicator = indicator,
            From = from,
            To = to,
            Concurrency = concurrency,
            Batch = batch,
            BaseUrl = root,
            Offline = offline,
            CacheDirectory = cacheDirectory,
            Format = format,
            ChartPath = chart,
        }, null);
    }

    /// <summary>The cache's default place: <c>$XDG_CACHE_HOME/triosharp/worldbank</c>, else <c>~/.cache/triosharp/worldbank</c>.</summary>
    internal static string DefaultCacheDirectory()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "triosharp", "worldbank");
    }

    /// <summary>Runs the fetch on a new loop; returns null when <paramref name="cancellation"/> (Ctrl+C) stopped it.</summary>
    private static IReadOnlyList<GdpRow>? Fetch(CliConsole console, GdpSettings settings, Action<int, int> progress, CancellationToken cancellation)
    {
        try
        {
            return Trio.Run(
                async () =>
                {
                    using var http = new HttpClient();
                    var client = CreateClient(http, settings);
                    var rows = await GdpFetch.RunAsync(settings, client, progress);
                    if (settings.Verbose)
                    {
                        console.Err.WriteLine(string.Create(
                            CultureInfo.InvariantCulture,
                            $"fetched {rows.Count} countries with {client.RequestsSent} requests ({client.CacheHits} pages from the cache) in {Trio.CurrentTime.TotalSeconds:F3} s, at most {settings.Concurrency} at a time"));
                    }

                    return rows;
                },
                new TrioRunOptions { Cancellation = cancellation });
        }
        catch (OperationCanceledException e) when (e.CancellationToken == cancellation)
        {
            return null;
        }
    }

    /// <summary>The client for <paramref name="settings"/>: its API root, concurrency, batch and cache.</summary>
    internal static WorldBankClient CreateClient(HttpClient http, GdpSettings settings) => new(http, new WorldBankClientOptions
    {
        BaseAddress = settings.BaseUrl ?? WorldBankClientOptions.RealApi,
        MaxConcurrency = settings.Concurrency,
        CountriesPerRequest = settings.Batch,

        // One page holds the whole country list and any batch of years, where the API's default of 50 would split them.
        PerPage = 1000,
        CacheDirectory = settings.CacheDirectory,
        CacheMaxAge = settings.CacheMaxAge,
        CachePolicy = settings.CachePolicy,
    });

    private static IReadOnlyList<GdpRow>? WithProgress(CliConsole console, GdpSettings settings, CancellationToken cancellation) =>
        console.Terminal().Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("fetching the country list", maxValue: 1);

                // The progress display redraws on its own thread; its task's setters are thread-safe.
                return Fetch(
                    console,
                    settings,
                    (done, total) =>
                    {
                        task.Description = $"{settings.Indicator} for {total} countries";
                        task.MaxValue = total;
                        task.Value = done;
                    },
                    cancellation);
            });

    /// <summary>The one-line message for a failure caused by the input, or null for other failures.</summary>
    internal static string? BadInput(Exception error) => error switch
    {
        GdpInputException e => e.Message,
        WorldBankApiException { Parameter: "indicator" } e =>
            $"--indicator: {e.Message.TrimEnd('.')}; allowed: a World Bank indicator id such as {IndicatorQuery.GdpCurrentUsd}.",
        WorldBankApiException { Parameter: "country" } e =>
            $"--countries: {e.Message.TrimEnd('.')}; allowed: ids of the World Bank country list.",
        AggregateException group => group.Flatten().InnerExceptions.Select(BadInput).FirstOrDefault(m => m is not null),
        _ => null,
    };
}
