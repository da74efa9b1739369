using System.Text.RegularExpressions;

namespace TrioSharp.Docs.Tests;

/// <summary>The README leads to every document, says what the seed is, and quotes only measured figures.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = RepositoryFiles.Read("README.md");

    public static TheoryData<string> Documents() => new(RepositoryFiles.Documents());

    [Theory]
    [MemberData(nameof(Documents))]
    public void Readme_EveryDocument_IsLinked(string document)
    {
        Assert.Contains($"]({document})", Readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_TheSeed_IsExplainedBeforeTheFirstSection()
    {
        var opening = Readme[..Readme.IndexOf("\n## ", StringComparison.Ordinal)];

        Assert.Contains("**The seed** is", opening, StringComparison.Ordinal);
    }

    public static TheoryData<string> BenchmarkFigures() => new(FiguresCitingTheBenchmarks());

    [Theory]
    [MemberData(nameof(BenchmarkFigures))]
    public void ReadmeFigure_InAParagraphCitingTheBenchmarks_AppearsInThem(string figure)
    {
        var benchmarks = RepositoryFiles.Read("docs/benchmarks.md");
        var number = figure.TrimEnd('x', 's', 'm', 'M', 'i', 'B', ' ');

        // Verbatim ("0.98x", "7.4 ms"), or its number as a cell of a table whose column names the unit.
        Assert.True(
            benchmarks.Contains(figure, StringComparison.Ordinal) || benchmarks.Contains($"| {number} |", StringComparison.Ordinal),
            $"README.md quotes {figure}, which docs/benchmarks.md does not contain.");
    }

    [Fact]
    public void BenchmarkFigures_OfTheReadme_AreFound()
    {
        // The figures the test above checks; none found would make it check nothing. (Not a figure by name: each
        // benchmark run changes them.)
        var figures = FiguresCitingTheBenchmarks();
        Assert.True(figures.Count >= 10, $"only {figures.Count} figures found in README paragraphs citing docs/benchmarks.md: {string.Join(", ", figures)}");
        Assert.Contains(figures, figure => figure.EndsWith('x'));
        Assert.Contains(figures, figure => figure.EndsWith(" ms", StringComparison.Ordinal));
    }

    // Every figure of the README's paragraphs that link to docs/benchmarks.md.
    private static List<string> FiguresCitingTheBenchmarks() =>
        Readme.ReplaceLineEndings("\n").Split("\n\n")
            .Where(paragraph => paragraph.Contains("](docs/benchmarks.md", StringComparison.Ordinal))
            .SelectMany(paragraph => Figure().Matches(paragraph).Select(m => m.Value))
            .Distinct()
            .ToList();

    // A ratio or a measurement: 1.22x, 7.4 ms, 0.032 s, 34.0 MiB.
    [GeneratedRegex(@"\b\d+(\.\d+)?(x| ms| s| MiB| MB)\b")]
    private static partial Regex Figure();
}
