using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TrioSharp.Analyzers;

/// <summary>
/// TRIO007: a <c>yield return</c> inside the scope of an <c>TrioSharp.Acquisition</c> (a <c>using</c>
/// statement or declaration of one, from <c>AcquireScopeAsync</c>), or inside the <c>try</c> block of a
/// <c>try/finally</c> whose <c>finally</c> releases a TrioLock, TrioSemaphore or CapacityLimiter.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class YieldWhileHoldingAnalyzer() : TrioAnalyzer(Rules.YieldWhileHolding)
{
    /// <inheritdoc/>
    protected override void Register(CompilationStartAnalysisContext context, TrioApi api) =>
        context.RegisterSyntaxNodeAction(c => Analyze(c, api), SyntaxKind.YieldReturnStatement);

    private static void Analyze(SyntaxNodeAnalysisContext context, TrioApi api)
    {
        var yield = (YieldStatementSyntax)context.Node;
        var model = context.SemanticModel;
        var cancellation = context.CancellationToken;
        SyntaxNode inner = yield;
        for (var current = yield.Parent; current is not null && !LoopCode.IsFunction(current); inner = current, current = current.Parent)
        {
            var held = current switch
            {
                UsingStatementSyntax statement when statement.Statement == inner && IsAcquisition(statement, model, api, cancellation) => "an Acquisition",
                BlockSyntax block => AcquisitionDeclaredBefore(block, inner, model, api, cancellation),
                TryStatementSyntax { Finally: { } cleanup } attempt when attempt.Block == inner => ReleasedIn(cleanup, model, api, cancellation),
                _ => null,
            };
            if (held is not null)
            {
                Report(context, Rules.YieldWhileHolding, yield.GetLocation(), null, held);
                return;
            }
        }
    }

    private static bool IsAcquisition(UsingStatementSyntax statement, SemanticModel model, TrioApi api, CancellationToken cancellation)
    {
        var type = statement.Declaration is { } declaration
            ? model.GetTypeInfo(declaration.Type, cancellation).Type
            : statement.Expression is { } expression ? model.GetTypeInfo(expression, cancellation).Type : null;
        return TrioApi.Is(type, api.Acquisition);
    }

    // `using var held = await gate.AcquireScopeAsync();` earlier in the block holds until the block ends.
    private static string? AcquisitionDeclaredBefore(BlockSyntax block, SyntaxNode inner, SemanticModel model, TrioApi api, CancellationToken cancellation)
    {
        foreach (var statement in block.Statements)
        {
            if (statement == inner)
            {
                return null;
            }

            if (statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } declaration
                && TrioApi.Is(model.GetTypeInfo(declaration.Declaration.Type, cancellation).Type, api.Acquisition))
            {
                return "an Acquisition";
            }
        }

        return null;
    }

    // `await gate.AcquireAsync(); try { ... } finally { gate.Release(); }`: the try block holds it.
    private static string? ReleasedIn(FinallyClauseSyntax cleanup, SemanticModel model, TrioApi api, CancellationToken cancellation)
    {
        foreach (var invocation in cleanup.Block.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } access
                && name.StartsWith("Release", System.StringComparison.Ordinal)
                && model.GetTypeInfo(access.Expression, cancellation).Type is INamedTypeSymbol type
                && api.HeldTypes.Contains(type))
            {
                return $"a {type.Name}";
            }
        }

        return null;
    }
}
