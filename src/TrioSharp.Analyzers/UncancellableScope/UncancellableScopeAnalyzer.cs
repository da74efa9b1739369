using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TrioSharp.Analyzers;

/// <summary>
/// TRIO006: an async lambda or anonymous method passed to Trio.MoveOnAfter/MoveOnAt/FailAfter/FailAt or
/// CancelScope.RunAsync whose own body has no <c>await</c>, <c>await foreach</c> or <c>await using</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class UncancellableScopeAnalyzer() : TrioAnalyzer(Rules.UncancellableScope)
{
    /// <inheritdoc/>
    protected override void Register(CompilationStartAnalysisContext context, TrioApi api) =>
        context.RegisterSyntaxNodeAction(c => Analyze(c, api), SyntaxKind.InvocationExpression);

    private static void Analyze(SyntaxNodeAnalysisContext context, TrioApi api)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        var name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        if (name?.Identifier.ValueText is not ("MoveOnAfter" or "MoveOnAt" or "FailAfter" or "FailAt" or "RunAsync"))
        {
            return;
        }

        var bodies = invocation.ArgumentList.Arguments
            .Select(a => a.Expression)
            .OfType<AnonymousFunctionExpressionSyntax>()
            .Where(lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) && !Awaits(lambda))
            .ToList();
        if (bodies.Count == 0
            || context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method
            || !(TrioApi.Is(method.ContainingType, api.Trio) ? method.Name != "RunAsync" : TrioApi.Is(method.ContainingType, api.CancelScope)))
        {
            return;
        }

        var shown = $"{method.ContainingType.Name}.{method.Name}";
        foreach (var body in bodies)
        {
            Report(context, Rules.UncancellableScope, body.AsyncKeyword.GetLocation(), null, shown);
        }
    }

    private static bool Awaits(AnonymousFunctionExpressionSyntax lambda) =>
        LoopCode.OwnNodes(lambda).Any(node => node switch
        {
            AwaitExpressionSyntax => true,
            CommonForEachStatementSyntax loop => loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            UsingStatementSyntax statement => statement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            LocalDeclarationStatementSyntax declaration => declaration.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            _ => false,
        });
}
