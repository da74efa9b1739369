using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TrioSharp.Mirror;

/// <summary>
/// Answers the World Bank v2 API's country list and indicator queries from <see cref="WorldBankCatalog"/>,
/// with the real service's shapes: <c>[meta, rows]</c>, paging, message-120 errors sent with HTTP 200.
/// </summary>
internal static class WorldBankApi
{
    private const string JsonType = "application/json;charset=utf-8";
    private const int DefaultPerPage = 50;

    private static readonly byte[] NoData =
        Encoding.UTF8.GetBytes("""[{"page":0,"pages":0,"per_page":0,"total":0,"sourceid":null,"lastupdated":null},null]""");

    /// <summary>The HTML error page the real service sends where JSON was expected.</summary>
    public static MirrorResponse HtmlErrorPage() => new(
        StatusCodes.Status200OK,
        "text/html",
        Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<!DOCTYPE html>\r\n<html><head><title>Request Error</title></head>"
            + "<body><div id=\"content\"><p class=\"heading1\">Request Error</p><p>The server encountered an error "
            + "processing the request. See server logs for more details.</p></div></body></html>"));

    /// <summary>Answers a request under <c>/v2/</c>, or returns null when the path is not part of the API.</summary>
    public static MirrorResponse? Answer(string path, IQueryCollection query)
    {
        var segments = path.Trim('/').Split('/');
        if (segments.Length < 2 || segments[0] != "v2" || segments[1] is not ("country" or "countries" or "indicator" or "indicators"))
        {
            return null;
        }

        if (!string.Equals(query["format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            return new MirrorResponse(
                StatusCodes.Status200OK,
                "application/xml; charset=utf-8",
                Encoding.UTF8.GetBytes(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<wb:error xmlns:wb=\"http://www.worldbank.org\">"
                    + "<wb:message id=\"175\" key=\"Format not served\">This mirror answers JSON only: add format=json."
                    + "</wb:message></wb:error>"));
        }

        if (!TryPaging(query, out var page, out var perPage))
        {
            return InvalidValue();
        }

        if (segments[1] is "indicator" or "indicators")
        {
            return segments.Length switch
            {
                2 => IndicatorList(SeriesCatalogue.Instance.Series, page, perPage),
                3 => SeriesCatalogue.Instance.Find(segments[2]) is { } one ? IndicatorList([one], page, perPage) : InvalidValue(),
                _ => null,
            };
        }

        var catalog = WorldBankCatalog.Instance;
        switch (segments.Length)
        {
            case 2:
                return CountryList(catalog.Economies, page, perPage);
            case 3:
                var found = Resolve(catalog, segments[2]);
                return found is null ? InvalidValue() : CountryList(found, page, perPage);
            case 5 when segments[3] is "indicator" or "indicators":
                var economies = Resolve(catalog, segments[2]);
                if (economies is null || !catalog.Indicators.TryGetValue(segments[4], out var indicator))
                {
                    return InvalidValue();
                }

                if (query["mrv"].Count > 0)
                {
                    return int.TryParse(query["mrv"], NumberStyles.None, CultureInfo.InvariantCulture, out var recent) && recent >= 1
                        && MostRecentYears(indicator, economies, recent) is var (first, last)
                        ? IndicatorValues(economies, indicator, first, last, page, perPage)
                        : InvalidValue();
                }

                return TryYears(query["date"], catalog, out var from, out var to)
                    ? IndicatorValues(economies, indicator, from, to, page, perPage)
                    : InvalidValue();
            default:
                return null;
        }
    }

    private static MirrorResponse InvalidValue() => Json(
        """[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]""");

    private static MirrorResponse Json(string text) => new(StatusCodes.Status200OK, JsonType, Encoding.UTF8.GetBytes(text));

    private static List<Economy>? Resolve(WorldBankCatalog catalog, string ids)
    {
        if (string.Equals(ids, "all", StringComparison.OrdinalIgnoreCase))
        {
            return [.. catalog.Economies];
        }

        var result = new List<Economy>();
        foreach (var id in ids.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (catalog.Find(id) is not { } economy)
            {
                return null;
            }

            result.Add(economy);
        }

        return result.Count == 0 ? null : result;
    }

    private static bool TryPaging(IQueryCollection query, out int page, out int perPage)
    {
        page = 1;
        perPage = DefaultPerPage;
        return (query["page"].Count == 0 || (int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out page) && page >= 1))
            && (query["per_page"].Count == 0 || (int.TryParse(query["per_page"], NumberStyles.None, CultureInfo.InvariantCulture, out perPage) && perPage >= 1));
    }

    private static bool TryYears(string? date, WorldBankCatalog catalog, out int from, out int to)
    {
        from = catalog.FirstYear;
        to = catalog.LastYear;
        if (string.IsNullOrEmpty(date))
        {
            return true;
        }

        var parts = date.Split(':');
        return parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out from)
            && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out to)
            && from <= to;
    }

    private static MirrorResponse CountryList(IReadOnlyList<Economy> economies, int page, int perPage)
    {
        var pages = (economies.Count + perPage - 1) / perPage;
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("page", page);
            writer.WriteNumber("pages", pages);

            // The real country list sends per_page as a string (the indicator endpoints send a number).
            writer.WriteString("per_page", perPage.ToString(CultureInfo.InvariantCulture));
            writer.WriteNumber("total", economies.Count);
            writer.WriteEndObject();
            writer.WriteStartArray();
            foreach (var economy in economies.Skip((page - 1) * perPage).Take(perPage))
            {
                WriteCountry(writer, economy);
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>
    /// The years <c>mrv=N</c> asks for: the N most recent years with a value for any of the economies, the same
    /// years for all of them (as the API's <c>mrv</c>; <c>mrnev</c> would pick each economy's own).
    /// </summary>
    private static (int First, int Last) MostRecentYears(IndicatorSeries indicator, List<Economy> economies, int count)
    {
        var last = economies
            .SelectMany(e => indicator.Values.GetValueOrDefault(e.Id) ?? new Dictionary<int, string?>())
            .Where(v => v.Value is not null)
            .Select(v => v.Key)
            .DefaultIfEmpty(WorldBankCatalog.Instance.LastYear)
            .Max();
        return (last - count + 1, last);
    }

    private static MirrorResponse IndicatorValues(List<Economy> economies, IndicatorSeries indicator, int from, int to, int page, int perPage)
    {
        var rows = new List<(Economy Economy, int Year, string? Value)>();
        foreach (var economy in economies)
        {
            if (indicator.Values.GetValueOrDefault(economy.Id) is not { } values)
            {
                continue;
            }

            for (var year = to; year >= from; year--)
            {
                rows.Add((economy, year, values.GetValueOrDefault(year)));
            }
        }

        if (rows.Count == 0)
        {
            return new MirrorResponse(StatusCodes.Status200OK, JsonType, NoData);
        }

        var pages = (rows.Count + perPage - 1) / perPage;
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("page", page);
            writer.WriteNumber("pages", pages);
            writer.WriteNumber("per_page", perPage);
            writer.WriteNumber("total", rows.Count);
            writer.WriteString("sourceid", "2");
            writer.WriteString("sourcename", "World Development Indicators");
            writer.WriteString("lastupdated", indicator.LastUpdated);
            writer.WriteEndObject();
            writer.WriteStartArray();
            foreach (var (economy, year, value) in rows.Skip((page - 1) * perPage).Take(perPage))
            {
                writer.WriteStartObject();
                writer.WriteStartObject("indicator");
                writer.WriteString("id", indicator.Id);
                writer.WriteString("value", indicator.Name);
                writer.WriteEndObject();
                writer.WriteStartObject("country");
                writer.WriteString("id", economy.Iso2 ?? economy.Id);
                writer.WriteString("value", economy.Name);
                writer.WriteEndObject();
                writer.WriteString("countryiso3code", economy.Id);
                writer.WriteString("date", year.ToString(CultureInfo.InvariantCulture));
                if (value is null)
                {
                    writer.WriteNull("value");
                }
                else
                {
                    writer.WritePropertyName("value");
                    writer.WriteRawValue(value);
                }

                writer.WriteString("unit", string.Empty);
                writer.WriteString("obs_status", string.Empty);
                writer.WriteNumber("decimal", 0);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>A page of the indicator catalogue in the API's shape (<c>per_page</c> a string, as in the country list).</summary>
    private static MirrorResponse IndicatorList(IReadOnlyList<CatalogueSeries> series, int page, int perPage) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("page", page);
        writer.WriteNumber("pages", (series.Count + perPage - 1) / perPage);
        writer.WriteString("per_page", perPage.ToString(CultureInfo.InvariantCulture));
        writer.WriteNumber("total", series.Count);
        writer.WriteEndObject();
        writer.WriteStartArray();
        foreach (var s in series.Skip((page - 1) * perPage).Take(perPage))
        {
            writer.WriteStartObject();
            writer.WriteString("id", s.Id);
            writer.WriteString("name", s.Name);
            writer.WriteString("unit", string.Empty);
            writer.WriteStartObject("source");
            writer.WriteString("id", "2");
            writer.WriteString("value", "World Development Indicators");
            writer.WriteEndObject();
            writer.WriteString("sourceNote", s.Definition);
            writer.WriteString("sourceOrganization", s.Source);
            writer.WriteStartArray("topics");
            writer.WriteStartObject();

            // The WDI file gives the topic's path, not the API's numeric topic id.
            writer.WriteString("id", string.Empty);
            writer.WriteString("value", s.Topic);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private static void WriteCountry(Utf8JsonWriter writer, Economy economy)
    {
        if (economy.RecordedJson is { } recorded)
        {
            using var document = JsonDocument.Parse(recorded);
            document.RootElement.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("id", economy.Id);
        writer.WriteString("iso2Code", economy.Iso2 ?? string.Empty);
        writer.WriteString("name", economy.Name);
        var empty = ((string[])["region", "adminregion", "incomeLevel", "lendingType"]).Select(f => (Field: f, Id: string.Empty, Iso2: string.Empty, Value: string.Empty));
        foreach (var (field, id, iso2, value) in economy.Classification?.ApiFields() ?? empty)
        {
            writer.WriteStartObject(field);
            writer.WriteString("id", id);
            writer.WriteString("iso2code", iso2);
            writer.WriteString("value", value);
            writer.WriteEndObject();
        }

        writer.WriteString("capitalCity", string.Empty);
        writer.WriteString("longitude", string.Empty);
        writer.WriteString("latitude", string.Empty);
        writer.WriteEndObject();
    }

    private static MirrorResponse Write(Action<Utf8JsonWriter> writeMetaAndRows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            writeMetaAndRows(writer);
            writer.WriteEndArray();
        }

        return new MirrorResponse(StatusCodes.Status200OK, JsonType, buffer.ToArray());
    }
}
