using Microsoft.CodeAnalysis;

namespace TrioSharp.Analyzers.Tests;

/// <summary>
/// What code under analysis compiles against: the assemblies of the runtime the tests run on (.NET 10) plus TrioSharp's.
/// Also compiled into TrioSharp.Docs.Tests, which analyzes docs/analyzers.md's examples the same way.
/// </summary>
internal static class AnalyzedCodeReferences
{
    // ReferenceAssemblies.Net.Net100 would fetch the reference pack from a feed at test time, and its resolution fails
    // here; the runtime's own assemblies are on disk and expose the same API.
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Append(typeof(Trio).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    /// <summary>The references, loaded once.</summary>
    public static MetadataReference[] All => References.Value;
}
