namespace TrioSharp.Docs.Tests;

/// <summary>What the build did with a ```csharp block of the documentation (Build/ExtractDocExamples.cs).</summary>
internal enum DocBlockKind
{
    /// <summary>A complete program, compiled into this assembly as <c>Examples.&lt;Id&gt;</c>; a test runs it.</summary>
    Program,

    /// <summary>Code the analyzers flag, with its fix; compiled with the analyzers by AnalyzerExampleTests.</summary>
    Analyzer,

    /// <summary>Lines quoted from a file of the repository, checked against it by the build.</summary>
    Excerpt,

    /// <summary>Not a complete program, for the reason the document gives.</summary>
    Fragment,
}
