using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TrioSharp.Analyzers;

/// <summary>TRIO002: <c>Thread.Sleep</c> in loop code.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class BlockingSleepAnalyzer() : TrioAnalyzer(Rules.BlockingSleep)
{
    /// <inheritdoc/>
    protected override void Register(CompilationStartAnalysisContext context, TrioApi api) =>
        context.RegisterSyntaxNodeAction(c => Analyze(c, api), SyntaxKind.InvocationExpression);

    private static void Analyze(SyntaxNodeAnalysisContext context, TrioApi api)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Sleep" }
            || context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method
            || !TrioApi.Is(method.ContainingType, api.Thread)
            || !LoopCode.Contains(invocation, context.SemanticModel, api, context.CancellationToken))
        {
            return;
        }

        // Thread.Sleep returns nothing, so it stands as a statement: `await Trio.Sleep(...)` can take its place.
        var fix = invocation.Parent is ExpressionStatementSyntax && LoopCode.CanAwaitAt(invocation)
            ? (TrioApi.Is(method.Parameters[0].Type, api.TimeSpan) ? FixKinds.Sleep : FixKinds.SleepMilliseconds)
            : null;
        Report(context, Rules.BlockingSleep, invocation.GetLocation(), fix);
    }
}
