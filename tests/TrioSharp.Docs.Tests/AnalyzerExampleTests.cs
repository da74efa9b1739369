using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TrioSharp.Analyzers.Tests;

namespace TrioSharp.Docs.Tests;

/// <summary>
/// docs/analyzers.md's examples, each compiled as a program of its own with the TrioSharp analyzers: a line that ends
/// in <c>// TRIOnnn</c> must get exactly that diagnostic, and no other line any, so the "fixed" lines are proven clean.
/// </summary>
public sealed partial class AnalyzerExampleTests
{
    // What a console project's implicit usings import (the examples are written for one).
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static TheoryData<string> Examples() =>
        new(DocCatalogue.Blocks.Where(b => b.Kind == DocBlockKind.Analyzer).Select(b => b.Id));

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_CompiledWithTheAnalyzers_ReportsExactlyTheMarkedLines(string id)
    {
        var block = DocCatalogue.Blocks.Single(b => b.Id == id);

        var diagnostics = await AnalyzeAsync(block.Code);

        var reported = diagnostics.Where(d => !d.IsSuppressed)
            .Select(d => (Line: d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Id))
            .OrderBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal);
        Assert.Equal(Marked(block.Code), reported);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_UnderARulesHeading_MarksALineWithThatRule(string id)
    {
        var block = DocCatalogue.Blocks.Single(b => b.Id == id);
        if (RuleHeading().Match(block.Heading) is { Success: true } rule)
        {
            Assert.Contains(Marked(block.Code), m => m.Id == rule.Value);
            Assert.Contains("// fixed", block.Code, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(Marked(block.Code));
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_WithASuppressMessage_SuppressesADiagnosticOfThatRule(string id)
    {
        var block = DocCatalogue.Blocks.Single(b => b.Id == id);
        var suppressed = SuppressMessage().Matches(block.Code).Select(m => m.Groups[1].Value).ToList();

        var diagnostics = await AnalyzeAsync(block.Code);

        Assert.Equal(suppressed, diagnostics.Where(d => d.IsSuppressed).Select(d => d.Id).Distinct());
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string code)
    {
        var compilation = CSharpCompilation.Create(
            "Example",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, path: "Usings.cs"), CSharpSyntaxTree.ParseText(code, path: "Example.cs")],
            AnalyzedCodeReferences.All,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(errors.Count == 0, "The example does not compile:\n" + string.Join("\n", errors));
        var analyzers = Assembly.Load("TrioSharp.Analyzers").GetTypes()
            .Where(t => !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null,
            concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true);
        return await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
    }

    // The lines that end in a "// TRIOnnn" comment, in order (1-based).
    private static IEnumerable<(int Line, string Id)> Marked(string code) =>
        code.Split('\n').Select((text, index) => (Line: index + 1, Match: MarkedLine().Match(text)))
            .Where(l => l.Match.Success)
            .Select(l => (l.Line, l.Match.Groups[1].Value));

    [GeneratedRegex(@"//\s*(TRIO\d{3})\s*$")]
    private static partial Regex MarkedLine();

    [GeneratedRegex(@"^TRIO\d{3}")]
    private static partial Regex RuleHeading();

    [GeneratedRegex(@"SuppressMessage\(""[^""]*"",\s*""(TRIO\d{3})""")]
    private static partial Regex SuppressMessage();
}
