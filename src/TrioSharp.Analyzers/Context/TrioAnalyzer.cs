using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TrioSharp.Analyzers;

/// <summary>
/// An analyzer of one rule that is active only in compilations that reference TrioSharp (or are TrioSharp): it
/// registers its syntax node actions, on the few node kinds it inspects, once the compilation's
/// <see cref="TrioApi"/> is known.
/// </summary>
internal abstract class TrioAnalyzer(DiagnosticDescriptor rule) : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [rule];

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

    /// <summary>Reports <paramref name="rule"/> at <paramref name="location"/>, fixable by <paramref name="fix"/> (a <see cref="FixKinds"/> value) unless null.</summary>
    protected static void Report(SyntaxNodeAnalysisContext context, DiagnosticDescriptor rule, Location location, string? fix, params object[] messageArguments) =>
        context.ReportDiagnostic(Diagnostic.Create(rule, location, fix is null ? null : FixKinds.For(fix), messageArguments));
}
