namespace TrioSharp.Cli.Commands;

/// <summary>How <c>triosharp gdp</c> prints its results.</summary>
internal enum GdpFormat
{
    /// <summary>The seed's lines, <c>Aruba GDP Growth: 97.10%</c> (the default on a pipe).</summary>
    Lines,

    /// <summary>A table and a bar chart for people (the default on a terminal).</summary>
    Table,

    /// <summary>One CSV row per country, one column per year.</summary>
    Csv,

    /// <summary>One JSON document with every country's values.</summary>
    Json,
}
