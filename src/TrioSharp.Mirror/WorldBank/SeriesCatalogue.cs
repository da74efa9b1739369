using System.Text;

namespace TrioSharp.Mirror;

/// <summary>The WDI indicator catalogue (1,442 series of the 2022-07 release) behind <c>/v2/indicator</c>.</summary>
internal sealed class SeriesCatalogue
{
    // Loaded on the first indicator request only: the file is ~1 MB and most runs never ask for it.
    private static readonly Lazy<SeriesCatalogue> LazyInstance = new(Load);

    private readonly Dictionary<string, CatalogueSeries> _byId;

    private SeriesCatalogue(List<CatalogueSeries> series)
    {
        Series = series;
        _byId = series.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The shared catalogue.</summary>
    public static SeriesCatalogue Instance => LazyInstance.Value;

    /// <summary>Every series, in the file's order (sorted by id).</summary>
    public IReadOnlyList<CatalogueSeries> Series { get; }

    /// <summary>The series with this id, ignoring case, or null.</summary>
    public CatalogueSeries? Find(string id) => _byId.GetValueOrDefault(id);

    private static SeriesCatalogue Load()
    {
        using var stream = typeof(SeriesCatalogue).Assembly.GetManifestResourceStream("WDISeries-catalogue.csv")
            ?? throw new InvalidOperationException("The mirror's embedded data file 'WDISeries-catalogue.csv' is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var records = WorldBankCatalog.ParseCsvRecords(reader.ReadToEnd());
        return new SeriesCatalogue([.. records.Skip(1).Where(r => r.Count >= 5).Select(r => new CatalogueSeries(r[0], r[1], r[2], r[3], r[4]))]);
    }
}
