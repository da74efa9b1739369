using System.CommandLine;
using TrioSharp.WorldBank;

namespace TrioSharp.Cli.Commands;

/// <summary><c>triosharp wb data</c>: several indicators for chosen countries over a range of years or the most recent ones, long or wide.</summary>
internal static class WbDataCommand
{
    public static Command Create(CliConsole console)
    {
        var indicators = new Option<string[]>("--indicator", "-i")
        {
            Description = "Indicator ids (NY.GDP.MKTP.CD EN.ATM.CO2E.KT or comma-separated); one column each in --shape wide.",
            AllowMultipleArgumentsPerToken = true,
            Required = true,
        };
        var countries = new Option<string[]>("--countries", "-c")
        {
            Description = "Country ids, ISO3 or ISO2, a number N for the first N rows of the list (after the filters), or 'all'.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["all"],
        };
        var from = new Option<int>("--from") { Description = "The first year.", DefaultValueFactory = _ => 1999 };
        var to = new Option<int>("--to") { Description = "The last year.", DefaultValueFactory = _ => 2019 };
        var mrv = new Option<int?>("--mrv") { Description = "Instead of --from/--to: the N most recent years with data (the same years for every country)." };
        var shape = new Option<string>("--shape") { Description = "long: one row per country, indicator and year; wide: one row per country and year, a column per indicator.", DefaultValueFactory = _ => "long" };
        shape.AcceptOnlyFromAmong("long", "wide");
        var concurrency = new Option<int>("--concurrency", "-j") { Description = "How many requests may be in flight at once.", DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch") { Description = "How many countries one request asks for (joined with ';').", DefaultValueFactory = _ => 50 };
        var baseUrl = new Option<string?>("--base-url") { Description = "The World Bank API's root (default https://api.worldbank.org/)." };
        var offline = new Option<bool>("--offline") { Description = "Serve the API from the embedded mirror (no internet needed, no cache)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Neither read nor write the on-disk cache." };
        var cacheDir = new Option<string?>("--cache-dir") { Description = $"Where answers are cached (default {GdpCommand.DefaultCacheDirectory()})." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV (the default is tab-separated)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array: one object per row of the shape." };
        var command = new Command("data", "Values of one or more indicators for the chosen countries.\n"
            + "Examples:\n  triosharp wb data --offline -i NY.GDP.MKTP.CD,EN.ATM.CO2E.KT,AG.LND.FRST.K2 -c US CN --mrv 3 --shape wide\n"
            + "  triosharp wb data --offline -i EN.ATM.CO2E.KT --economies --region SAS --from 2010 --to 2019 --csv")
        {
            indicators, countries, from, to, mrv, shape, concurrency, batch, baseUrl, offline, noCache, cacheDir, csv, json,
        };
        var filter = new CountryFilterOptions(command);
        var cache = new CacheOptions(command, noCache, offline);
        OptionConflicts.Exclusive(command, csv, json);
        OptionConflicts.Exclusive(command, mrv, from);
        OptionConflicts.Exclusive(command, mrv, to);
        command.SetAction(async (result, cancellation) =>
        {
            var ids = result.GetValue(indicators)!.SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var recent = result.GetValue(mrv);
            GdpSettings? settings = null;
            foreach (var id in ids)
            {
                // gdp's checks, once per indicator: countries, years, concurrency, batch, base URL, indicator id.
                var (checkedSettings, problem) = GdpCommand.Check(
                    result.GetValue(countries)!, id, result.GetValue(from), result.GetValue(to), result.GetValue(concurrency), result.GetValue(batch),
                    result.GetValue(baseUrl), result.GetValue(offline),
                    result.GetValue(noCache) ? null : result.GetValue(cacheDir) ?? (result.GetValue(offline) ? null : GdpCommand.DefaultCacheDirectory()),
                    GdpFormat.Csv, null);
                if (checkedSettings is null)
                {
                    console.Error(problem!);
                    return ExitCode.BadInput;
                }

                var (maxAge, policy) = cache.Read(result);
                settings ??= checkedSettings with { Filter = filter.Read(result), CacheMaxAge = maxAge, CachePolicy = policy };
            }

            if (recent is < 1)
            {
                console.Error($"--mrv {recent} is out of range; allowed: 1 or more years.");
                return ExitCode.BadInput;
            }

            var run = settings!;
            return await WbCommand.RunAsync(
                console,
                run.Offline,
                mirror => FetchAsync(mirror is null ? run : run with { BaseUrl = mirror }, ids, recent),
                table => WbDataOutput.Write(console.Out, table, ids, result.GetValue(shape) == "wide", result.GetValue(json) ? null : result.GetValue(csv) ? ',' : '\t'),
                cancellation);
        });
        return command;
    }

    /// <summary>The countries, then every indicator's series at once.</summary>
    private static async Task<WbDataTable> FetchAsync(GdpSettings settings, List<string> indicators, int? recent)
    {
        using var http = new HttpClient();
        var client = GdpCommand.CreateClient(http, settings);
        var chosen = await GdpFetch.SelectCountriesAsync(settings, client);
        var series = new Dictionary<string, IReadOnlyList<CountrySeries>>(StringComparer.Ordinal);
        await Nursery.RunAsync(nursery =>
        {
            foreach (var indicator in indicators)
            {
                var query = new IndicatorQuery(chosen.Select(c => c.Id), indicator, settings.From, settings.To) { MostRecentValues = recent };
                nursery.StartSoon(async () => series[indicator] = await client.GetSeriesAsync(query), indicator);
            }

            return Task.CompletedTask;
        });
        return new WbDataTable(chosen, series);
    }
}
