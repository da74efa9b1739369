using ScottPlot;

namespace TrioSharp.Cli.Commands;

/// <summary>Draws growth per country as a horizontal bar chart (ScottPlot) into a PNG or SVG file.</summary>
internal static class GrowthChart
{
    private const int Width = 1000;
    private const int PixelsPerBar = 22;

    /// <summary>Whether <paramref name="path"/> names a format the chart can be saved in.</summary>
    public static bool IsSupported(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".png" or ".svg";

    /// <summary>Draws the countries that have a growth value, in the order given, and saves the chart.</summary>
    /// <exception cref="GdpInputException">The file cannot be written.</exception>
    public static void Save(string path, IReadOnlyList<GdpRow> rows, GdpSettings settings)
    {
        var drawn = rows.Where(r => r.Growth is not null).ToList();
        using var plot = new Plot();
        var bars = drawn.Select((row, i) => new Bar
        {
            Position = i,
            Value = row.Growth!.Value,
            FillColor = row.Growth >= 0 ? Colors.SteelBlue : Colors.IndianRed,
        }).ToList();
        var series = plot.Add.Bars(bars);
        series.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            drawn.Select((row, i) => new Tick(i, row.Country.Name)).ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.InvertY();
        var indicator = rows.SelectMany(r => r.Series.Values).FirstOrDefault()?.IndicatorName ?? settings.Indicator;
        var missing = rows.Count - drawn.Count;
        plot.Title($"{indicator}: growth {settings.From}–{settings.To}" + (missing > 0 ? $" ({missing} of {rows.Count} countries without data)" : string.Empty));
        plot.XLabel("growth (%)");
        var height = Math.Max(300, 140 + (PixelsPerBar * drawn.Count));
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase))
            {
                plot.SaveSvg(path, Width, height);
            }
            else
            {
                plot.SavePng(path, Width, height);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GdpInputException($"--chart: cannot write '{path}': {e.Message}", e);
        }
    }
}
