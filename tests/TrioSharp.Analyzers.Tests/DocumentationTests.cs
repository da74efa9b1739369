using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace TrioSharp.Analyzers.Tests;

/// <summary>Every rule's help link leads to its section of docs/analyzers.md, which states its severity.</summary>
public sealed class DocumentationTests
{
    public static TheoryData<string> RuleIds()
    {
        var ids = new TheoryData<string>();
        foreach (var descriptor in Descriptors())
        {
            ids.Add(descriptor.Id);
        }

        return ids;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void HelpLink_OfEveryRule_NamesASectionOfTheDocsThatStatesItsSeverity(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        var anchor = descriptor.HelpLinkUri[(descriptor.HelpLinkUri.IndexOf('#', StringComparison.Ordinal) + 1)..];
        Assert.EndsWith("docs/analyzers.md#" + anchor, descriptor.HelpLinkUri, StringComparison.Ordinal);

        var sections = Regex.Split(File.ReadAllText(DocsPath()), "^## ", RegexOptions.Multiline);
        var section = Assert.Single(sections, s => Slug(s.Split('\n')[0]) == anchor);
        Assert.StartsWith(id + " ", section, StringComparison.Ordinal);
        Assert.Contains($"- **Severity:** {descriptor.DefaultSeverity}", section, StringComparison.Ordinal);
    }

    // The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens.
    private static string Slug(string heading) =>
        Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^\p{L}\p{Nd}\- ]", string.Empty).Replace(' ', '-');

    private static IEnumerable<DiagnosticDescriptor> Descriptors() =>
        typeof(TrioAnalyzer).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzerAttribute>() is not null)
            .SelectMany(t => ((TrioAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics);

    private static string DocsPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TrioSharp.slnx")))
            {
                return Path.Combine(directory.FullName, "docs", "analyzers.md");
            }
        }

        throw new InvalidOperationException("The repository root (TrioSharp.slnx) is not above " + AppContext.BaseDirectory);
    }
}
