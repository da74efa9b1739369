using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using TrioSharp.Analyzers.CodeFixes;

namespace TrioSharp.Analyzers.Tests;

/// <summary>
/// Runs an analyzer (and the code fix) over a source compiled against .NET 10 and the real TrioSharp assembly.
/// Diagnostics are marked in the source as <c>{|TRIO001:span|}</c>; compiler errors fail the test.
/// </summary>
internal sealed class TrioAnalyzerTest<TAnalyzer> : CSharpCodeFixTest<TAnalyzer, TrioCodeFixProvider, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>The using directives every test source starts with.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using TrioSharp;

        """;

    // The assemblies of the runtime the tests run on (.NET 10) plus TrioSharp's. ReferenceAssemblies.Net.Net100
    // would fetch the reference pack from a feed at test time, and its resolution fails here; the runtime's own
    // assemblies are on disk and expose the same API.
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Append(typeof(Trio).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    public TrioAnalyzerTest(string source)
    {
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(References.Value);
        TestCode = Usings + source;
    }

    /// <summary>Checks that the source has exactly the marked diagnostics, and no code fix changes it.</summary>
    public static Task VerifyAsync(string source) => new TrioAnalyzerTest<TAnalyzer>(source) { FixedCode = Usings + source }.RunAsync();

    /// <summary>Checks the marked diagnostics and that applying every code fix turns the source into <paramref name="fixedSource"/>.</summary>
    public static Task VerifyFixAsync(string source, string fixedSource) =>
        new TrioAnalyzerTest<TAnalyzer>(source) { FixedCode = Usings + fixedSource }.RunAsync();
}
