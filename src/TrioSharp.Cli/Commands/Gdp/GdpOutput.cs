using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using TrioSharp.Cli.Seeds;

namespace TrioSharp.Cli.Commands;

/// <summary>Prints the results of <c>triosharp gdp</c> in the chosen <see cref="GdpFormat"/>.</summary>
internal static class GdpOutput
{
    /// <summary>Writes <paramref name="rows"/> to <paramref name="console"/>.</summary>
    public static void Write(CliConsole console, IReadOnlyList<GdpRow> rows, GdpSettings settings)
    {
        switch (settings.Format)
        {
            case GdpFormat.Lines:
                foreach (var row in rows)
                {
                    console.Out.WriteLine(GdpReport.Line(row.Country.Name, row.Growth, settings.GrowthLabel));
                }

                break;
            case GdpFormat.Csv:
                WriteCsv(console.Out, rows, settings);
                break;
            case GdpFormat.Json:
                WriteJson(console.Out, rows, settings);
                break;
            default:
                WriteTable(console.Terminal(), rows, settings);
                break;
        }
    }

    private static void WriteTable(IAnsiConsole terminal, IReadOnlyList<GdpRow> rows, GdpSettings settings)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Country")
            .AddColumn("Id")
            .AddColumn(new TableColumn(settings.From.ToString(CultureInfo.InvariantCulture)).RightAligned())
            .AddColumn(new TableColumn(settings.To.ToString(CultureInfo.InvariantCulture)).RightAligned())
            .AddColumn(new TableColumn("Growth").RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Country.Name),
                row.Country.Id,
                Number(row.Series.ValueFor(settings.From)),
                Number(row.Series.ValueFor(settings.To)),
                row.Growth is { } g ? $"[{(g >= 0 ? "green" : "red")}]{g.ToString("F2", CultureInfo.InvariantCulture)}%[/]" : "[grey]missing[/]");
        }

        terminal.Write(table);
        var chart = new BarChart().Width(Math.Min(100, terminal.Profile.Width)).Label($"{settings.GrowthLabel} {settings.From}–{settings.To} (%)");
        foreach (var row in rows.Where(r => r.Growth is not null))
        {
            // The bar chart draws lengths, so a fall is drawn as its size in red.
            chart.AddItem(Markup.Escape(row.Country.Name), Math.Round(Math.Abs(row.Growth!.Value), 2), row.Growth >= 0 ? Color.SteelBlue : Color.IndianRed);
        }

        terminal.Write(chart);
    }

    private static string Number(double? value) =>
        value is { } v ? v.ToString(Math.Abs(v) >= 1000 ? "#,0" : "0.###", CultureInfo.InvariantCulture) : "[grey]missing[/]";

    private static void WriteCsv(TextWriter output, IReadOnlyList<GdpRow> rows, GdpSettings settings)
    {
        var years = Enumerable.Range(settings.From, settings.To - settings.From + 1).ToList();
        output.WriteLine(string.Join(',', ["country_id", "country_name", .. years.Select(y => y.ToString(CultureInfo.InvariantCulture)), "growth_percent"]));
        foreach (var row in rows)
        {
            var cells = new List<string> { row.Country.Id, CsvText(row.Country.Name) };
            cells.AddRange(years.Select(y => CsvNumber(row.Series.ValueFor(y))));
            cells.Add(CsvNumber(row.Growth));
            output.WriteLine(string.Join(',', cells));
        }
    }

    private static string CsvText(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;

    private static string CsvNumber(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;

    private static void WriteJson(TextWriter output, IReadOnlyList<GdpRow> rows, GdpSettings settings)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("indicator", settings.Indicator);
            writer.WriteNumber("from", settings.From);
            writer.WriteNumber("to", settings.To);
            writer.WriteStartArray("countries");
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                writer.WriteString("id", row.Country.Id);
                writer.WriteString("name", row.Country.Name);
                WriteNumberOrNull(writer, "growthPercent", row.Growth);
                writer.WriteStartObject("values");
                for (var year = settings.From; year <= settings.To; year++)
                {
                    WriteNumberOrNull(writer, year.ToString(CultureInfo.InvariantCulture), row.Series.ValueFor(year));
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
