using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TrioSharp.Analyzers;

/// <summary>
/// TRIO003: in loop code, a <c>Task.Run</c> or <c>TaskFactory.StartNew</c> whose task is not awaited where it is
/// made (nor returned to the caller), and every <c>ThreadPool.QueueUserWorkItem</c> (it has no task to await).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class UnstructuredSpawnAnalyzer() : TrioAnalyzer(Rules.UnstructuredSpawn)
{
    /// <inheritdoc/>
    protected override void Register(CompilationStartAnalysisContext context, TrioApi api) =>
        context.RegisterSyntaxNodeAction(c => Analyze(c, api), SyntaxKind.InvocationExpression);

    private static void Analyze(SyntaxNodeAnalysisContext context, TrioApi api)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Run" or "StartNew" or "QueueUserWorkItem" or "UnsafeQueueUserWorkItem" }
            || context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method
            || !api.IsThreadPoolSpawn(method))
        {
            return;
        }

        var returnsTask = !TrioApi.Is(method.ContainingType, api.ThreadPool);
        if ((returnsTask && Awaits.IsAwaitedOrReturned(invocation, context.SemanticModel, context.CancellationToken))
            || !LoopCode.Contains(invocation, context.SemanticModel, api, context.CancellationToken))
        {
            return;
        }

        // `Task.Run(...);` or `_ = Task.Run(...);` in an async function: awaiting it there is the smallest structured form.
        var statement = invocation.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
            ? discard.Parent
            : invocation.Parent;
        var fix = returnsTask && statement is ExpressionStatementSyntax && LoopCode.CanAwaitAt(invocation) ? FixKinds.Await : null;
        Report(context, Rules.UnstructuredSpawn, invocation.GetLocation(), fix, $"{method.ContainingType.Name}.{method.Name}");
    }
}
