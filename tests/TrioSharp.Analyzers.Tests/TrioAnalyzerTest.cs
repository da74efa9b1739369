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

    public TrioAnalyzerTest(string source)
    {
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(AnalyzedCodeReferences.All);
        TestCode = Usings + source;
    }

    /// <summary>Checks that the source has exactly the marked diagnostics, and no code fix changes it.</summary>
    public static Task VerifyAsync(string source) => new TrioAnalyzerTest<TAnalyzer>(source) { FixedCode = Usings + source }.RunAsync();

    /// <summary>Checks the marked diagnostics and that applying every code fix turns the source into <paramref name="fixedSource"/>.</summary>
    public static Task VerifyFixAsync(string source, string fixedSource) =>
        new TrioAnalyzerTest<TAnalyzer>(source) { FixedCode = Usings + fixedSource }.RunAsync();
}
