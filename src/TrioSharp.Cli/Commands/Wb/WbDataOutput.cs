using System.Globalization;
using System.Text.Json;

namespace TrioSharp.Cli.Commands;

/// <summary>Prints a <see cref="WbDataTable"/> long or wide, as separated values or JSON; a missing value is an empty cell or null.</summary>
internal static class WbDataOutput
{
    /// <summary>Writes the table; <paramref name="separator"/> null means JSON.</summary>
    public static void Write(TextWriter output, WbDataTable table, IReadOnlyList<string> indicators, bool wide, char? separator)
    {
        var rows = wide ? WideRows(table, indicators) : LongRows(table, indicators);
        var header = wide ? ["country_id", "country_name", "year", .. indicators] : (string[])["country_id", "country_name", "indicator", "year", "value"];
        if (separator is not { } s)
        {
            WriteJson(output, header, rows);
            return;
        }

        output.WriteLine(string.Join(s, header));
        foreach (var row in rows)
        {
            output.WriteLine(string.Join(s, row.Select(cell => Cell(cell, s))));
        }
    }

    private static IEnumerable<object?[]> LongRows(WbDataTable table, IReadOnlyList<string> indicators)
    {
        for (var i = 0; i < table.Countries.Count; i++)
        {
            var country = table.Countries[i];
            foreach (var indicator in indicators)
            {
                foreach (var value in table.Series[indicator][i].Values.OrderBy(v => v.Year))
                {
                    yield return [country.Id, country.Name, indicator, value.Year, value.Value];
                }
            }
        }
    }

    private static IEnumerable<object?[]> WideRows(WbDataTable table, IReadOnlyList<string> indicators)
    {
        for (var i = 0; i < table.Countries.Count; i++)
        {
            var country = table.Countries[i];
            foreach (var year in table.Years.Where(y => table.HasRow(i, y)))
            {
                yield return [country.Id, country.Name, year, .. indicators.Select(ind => (object?)table.Series[ind][i].ValueFor(year))];
            }
        }
    }

    /// <summary>One object per row, named by the header; values are numbers, or null where missing.</summary>
    private static void WriteJson(TextWriter output, string[] header, IEnumerable<object?[]> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                for (var c = 0; c < header.Length; c++)
                {
                    switch (row[c])
                    {
                        case null:
                            json.WriteNull(header[c]);
                            break;
                        case string text:
                            json.WriteString(header[c], text);
                            break;
                        case int year:
                            json.WriteNumber(header[c], year);
                            break;
                        case double number:
                            json.WriteNumber(header[c], number);
                            break;
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static string Cell(object? cell, char separator) => cell switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        string s when separator == ',' && s.AsSpan().IndexOfAny(",\"\n") >= 0 => $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"",
        string s => s.Replace(separator, ' '),
        _ => cell.ToString() ?? string.Empty,
    };
}
