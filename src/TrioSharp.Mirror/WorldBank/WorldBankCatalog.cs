using System.Reflection;
using System.Text;
using System.Text.Json;

namespace TrioSharp.Mirror;

/// <summary>The World Bank data the mirror serves: the country list and GDP (current US$) by year.</summary>
internal sealed class WorldBankCatalog
{
    /// <summary>The one indicator the mirror holds.</summary>
    public const string GdpIndicator = "NY.GDP.MKTP.CD";

    /// <summary>The indicator's display name.</summary>
    public const string GdpIndicatorName = "GDP (current US$)";

    private static readonly Lazy<WorldBankCatalog> LazyInstance = new(Load);

    private readonly Dictionary<string, Economy> _byCode;

    private WorldBankCatalog(List<Economy> economies, int firstYear, int lastYear, IEnumerable<IndicatorSeries> indicators)
    {
        Economies = economies;
        Indicators = indicators.ToDictionary(i => i.Id, StringComparer.OrdinalIgnoreCase);
        FirstYear = firstYear;
        LastYear = lastYear;
        _byCode = new Dictionary<string, Economy>(StringComparer.OrdinalIgnoreCase);
        foreach (var economy in economies)
        {
            _byCode[economy.Id] = economy;
            if (economy.Iso2 is { Length: > 0 } iso2)
            {
                _byCode.TryAdd(iso2, economy);
            }
        }
    }

    /// <summary>The shared catalog, loaded from the embedded data on first use.</summary>
    public static WorldBankCatalog Instance => LazyInstance.Value;

    /// <summary>Every row of the country list, sorted by id as the real API sorts it.</summary>
    public IReadOnlyList<Economy> Economies { get; }

    /// <summary>Every indicator served, by id (ignoring case): GDP, CO2 emissions and forest area.</summary>
    public IReadOnlyDictionary<string, IndicatorSeries> Indicators { get; }

    /// <summary>The first year with a column in the data.</summary>
    public int FirstYear { get; }

    /// <summary>The last year with a column in the data.</summary>
    public int LastYear { get; }

    /// <summary>Finds an economy by its id or two-character code, ignoring case.</summary>
    public Economy? Find(string code) => _byCode.GetValueOrDefault(code);

    private static WorldBankCatalog Load()
    {
        var assembly = typeof(WorldBankCatalog).Assembly;
        var recorded = new Dictionary<string, (string? Iso2, string Name, string Json)>(StringComparer.Ordinal);
        using (var json = JsonDocument.Parse(ReadResource(assembly, "countries-first20.json")))
        {
            foreach (var row in json.RootElement.EnumerateArray())
            {
                recorded[row.GetProperty("id").GetString()!] =
                    (row.GetProperty("iso2Code").GetString(), row.GetProperty("name").GetString()!, row.GetRawText());
            }
        }

        var classes = ReadClassifications(assembly);
        var lines = ReadResource(assembly, "wdi-NY.GDP.MKTP.CD.csv").TrimStart('\uFEFF')
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = ParseCsvLine(lines[0]);
        var years = header.Skip(4).Where(h => h.Length > 0).Select(int.Parse).ToArray();
        var economies = new Dictionary<string, Economy>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var fields = ParseCsvLine(line);
            var gdp = new Dictionary<int, string?>();
            for (var i = 0; i < years.Length; i++)
            {
                var cell = fields.Count > 4 + i ? fields[4 + i] : string.Empty;
                gdp[years[i]] = cell.Length == 0 ? null : cell;
            }

            var code = fields[1];
            var known = recorded.TryGetValue(code, out var r) ? r : default;
            var classified = classes.GetValueOrDefault(code);
            economies[code] = new Economy(code, known.Iso2 ?? classified?.Iso2, fields[0], known.Json, gdp) { Classification = classified };
        }

        foreach (var (code, row) in recorded)
        {
            // Aggregates in the country list that are not WDI economies (AFR, BEA, BEC) have no series.
            economies.TryAdd(code, new Economy(code, row.Iso2, row.Name, row.Json, null));
        }

        var sorted = economies.Values.OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        var gdpSeries = new IndicatorSeries(
            GdpIndicator, GdpIndicatorName, "2025-07-01", sorted.Where(e => e.Gdp is not null).ToDictionary(e => e.Id, e => e.Gdp!, StringComparer.Ordinal));
        return new WorldBankCatalog(sorted, years.Min(), years.Max(), [gdpSeries, ReadIndicator(assembly, "wdi-EN.ATM.CO2E.KT.csv"), ReadIndicator(assembly, "wdi-AG.LND.FRST.K2.csv")]);
    }

    /// <summary>An indicator from a WDI bulk CSV: its preamble lines (before the <c>Country Name</c> header) skipped.</summary>
    private static IndicatorSeries ReadIndicator(Assembly assembly, string resource)
    {
        var records = ParseCsvRecords(ReadResource(assembly, resource).TrimStart('\uFEFF'));
        var start = records.FindIndex(r => r[0] == "Country Name");
        var updated = records.Take(start).FirstOrDefault(r => r[0] == "Last Updated Date")?[1] ?? string.Empty;
        var header = records[start];
        var years = header.Skip(4).TakeWhile(h => h.Length > 0).Select(int.Parse).ToArray();
        var values = new Dictionary<string, IReadOnlyDictionary<int, string?>>(StringComparer.Ordinal);
        string? id = null;
        string? name = null;
        foreach (var fields in records.Skip(start + 1).Where(r => r.Count > 4))
        {
            (id, name) = (fields[3], fields[2]);
            values[fields[1]] = Enumerable.Range(0, years.Length).ToDictionary(i => years[i], i => fields.Count > 4 + i && fields[4 + i].Length > 0 ? fields[4 + i] : null);
        }

        return new IndicatorSeries(id!, name!, updated, values);
    }

    /// <summary>The WDI country table's two-character code, region, income group and lending category, by id.</summary>
    private static Dictionary<string, Classification> ReadClassifications(Assembly assembly)
    {
        // Its notes are quoted fields with line breaks inside, so records are not lines.
        var records = ParseCsvRecords(ReadResource(assembly, "WDICountry.csv").TrimStart('\uFEFF'));
        var header = records[0];
        int Column(string name) => header.IndexOf(name) is >= 0 and var i ? i : throw new InvalidOperationException($"WDICountry.csv has no '{name}' column.");
        var (code, iso2, region, income, lending) = (Column("Country Code"), Column("2-alpha code"), Column("Region"), Column("Income Group"), Column("Lending category"));
        var result = new Dictionary<string, Classification>(StringComparer.Ordinal);
        foreach (var fields in records.Skip(1).Where(r => r.Count > lending))
        {
            result[fields[code]] = new Classification(fields[iso2], fields[region], fields[income], fields[lending]);
        }

        return result;
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The mirror's embedded data file '{name}' is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static List<string> ParseCsvLine(string line) => ParseCsvRecords(line)[0];

    /// <summary>The records of CSV text; a quoted field may hold commas, doubled quotes and line breaks.</summary>
    /// <param name="line">The text.</param>
    internal static List<List<string>> ParseCsvRecords(string line)
    {
        var records = new List<List<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\n' || i + 1 == line.Length || line[i + 1] != '\n')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add(fields);
                    fields = [];
                }
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        records.Add(fields);
        return records;
    }
}
