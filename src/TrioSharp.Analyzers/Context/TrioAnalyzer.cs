using Microsoft.CodeAnalysis.Diagnostics;

namespace TrioSharp.Analyzers;

/// <summary>
/// An analyzer that is active only in compilations that reference TrioSharp (or are TrioSharp): it registers its
/// syntax node actions, on the few node kinds it inspects, once the compilation's <see cref="TrioApi"/> is known.
/// </summary>
internal abstract class TrioAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (TrioApi.Create(start.Compilation) is { } api)
            {
                Register(start, api);
            }
        });
    }

    /// <summary>Registers the analyzer's actions for a compilation that references TrioSharp.</summary>
    protected abstract void Register(CompilationStartAnalysisContext context, TrioApi api);
}
