using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TrioSharp.Analyzers;

/// <summary>
/// TRIO001: <c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c>, <c>Task.WaitAll</c> and
/// <c>Task.WaitAny</c> in loop code. A <c>.Result</c> of a variable the function awaited earlier (itself, or in an
/// awaited <c>Task.WhenAll</c>, also as an element or a <c>foreach</c> variable of it) is not reported: that task
/// has completed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class BlockingWaitAnalyzer() : TrioAnalyzer(Rules.BlockingWait)
{
    /// <inheritdoc/>
    protected override void Register(CompilationStartAnalysisContext context, TrioApi api)
    {
        context.RegisterSyntaxNodeAction(c => AnalyzeResult(c, api), SyntaxKind.SimpleMemberAccessExpression);
        context.RegisterSyntaxNodeAction(c => AnalyzeInvocation(c, api), SyntaxKind.InvocationExpression);
    }

    private static void AnalyzeResult(SyntaxNodeAnalysisContext context, TrioApi api)
    {
        var access = (MemberAccessExpressionSyntax)context.Node;
        if (access.Name.Identifier.ValueText != "Result"
            || IsInNameof(access)
            || context.SemanticModel.GetSymbolInfo(access, context.CancellationToken).Symbol is not IPropertySymbol property
            || !(TrioApi.Is(property.ContainingType, api.TaskOfT) || TrioApi.Is(property.ContainingType, api.ValueTaskOfT))
            || WasAwaitedBefore(access.Expression, access, context)
            || !LoopCode.Contains(access, context.SemanticModel, api, context.CancellationToken))
        {
            return;
        }

        var fix = LoopCode.CanAwaitAt(access) ? FixKinds.Await : null;
        Report(context, Rules.BlockingWait, access.GetLocation(), fix, $"{property.ContainingType.Name}.Result");
    }

    private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context, TrioApi api)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        var name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
        if (name is not ("Wait" or "WaitAll" or "WaitAny" or "GetResult")
            || context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method)
        {
            return;
        }

        string shown;
        string? fix;
        var canAwait = LoopCode.CanAwaitAt(invocation);
        if (name == "GetResult")
        {
            // TaskAwaiter, ValueTaskAwaiter, ConfiguredTaskAwaitable.ConfiguredTaskAwaiter, ... and their generic forms.
            if (!IsTaskAwaiter(method.ContainingType))
            {
                return;
            }

            shown = "GetAwaiter().GetResult()";
            fix = canAwait && IsGetAwaiterCall(invocation.Expression) ? FixKinds.Await : null;
        }
        else
        {
            if (!TrioApi.Is(method.ContainingType, api.Task))
            {
                return;
            }

            shown = method.IsStatic ? $"Task.{name}" : "Task.Wait()";
            var onlyTasks = method.Parameters.All(p => p.Type is IArrayTypeSymbol || p.Type.Name is "Task" or "IEnumerable" or "ReadOnlySpan");
            fix = !canAwait || !method.ReturnsVoid || !onlyTasks ? null
                : method.IsStatic ? (name == "WaitAll" ? FixKinds.WhenAll : null)
                : FixKinds.Await;
        }

        if (!LoopCode.Contains(invocation, context.SemanticModel, api, context.CancellationToken))
        {
            return;
        }

        Report(context, Rules.BlockingWait, invocation.GetLocation(), fix, shown);
    }

    private static bool IsInNameof(SyntaxNode node) =>
        node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

    private static bool IsTaskAwaiter(INamedTypeSymbol type) =>
        // Task.Yield's awaiter does not wait for anything.
        type.Name.EndsWith("Awaiter", System.StringComparison.Ordinal)
        && type.Name != "YieldAwaiter"
        && type.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices";

    private static bool IsGetAwaiterCall(ExpressionSyntax getResult) =>
        getResult is MemberAccessExpressionSyntax
        {
            Expression: InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" },
                ArgumentList.Arguments.Count: 0,
            },
        };

    // Whether the function awaited the task in `receiver` before `use`: `await t` or `await Task.WhenAll(..., t, ...)`;
    // for `tasks[i]` and a `foreach` variable over `tasks`, whether it awaited `Task.WhenAll(tasks)`.
    private static bool WasAwaitedBefore(ExpressionSyntax receiver, SyntaxNode use, SyntaxNodeAnalysisContext context)
    {
        var model = context.SemanticModel;
        if (AwaitableSource(receiver, model, context.CancellationToken) is not { } task
            || LoopCode.EnclosingFunction(use) is not { } function)
        {
            return false;
        }

        foreach (var awaitExpression in LoopCode.OwnNodes(function).OfType<AwaitExpressionSyntax>())
        {
            if (awaitExpression.Span.End > use.SpanStart)
            {
                continue;
            }

            var operand = Awaits.Operand(awaitExpression.Expression);
            var candidates = operand is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WhenAll" } } whenAll
                ? whenAll.ArgumentList.DescendantNodes().OfType<IdentifierNameSyntax>()
                : operand is IdentifierNameSyntax identifier ? [identifier] : [];
            if (candidates.Any(c => c.Identifier.ValueText == task.Name
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(c, context.CancellationToken).Symbol, task)))
            {
                return true;
            }
        }

        return false;
    }

    // The variable whose awaiting completes the task in `receiver`: `t` itself, the collection `tasks` of `tasks[i]`,
    // or of `t` in `foreach (var t in tasks)`.
    private static ISymbol? AwaitableSource(ExpressionSyntax receiver, SemanticModel model, CancellationToken cancellation)
    {
        if (receiver is ElementAccessExpressionSyntax element)
        {
            receiver = element.Expression;
        }

        var symbol = receiver is IdentifierNameSyntax ? model.GetSymbolInfo(receiver, cancellation).Symbol : null;
        if (symbol is ILocalSymbol local
            && local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellation) is ForEachStatementSyntax { Expression: IdentifierNameSyntax collection })
        {
            symbol = model.GetSymbolInfo(collection, cancellation).Symbol;
        }

        return symbol is { Kind: SymbolKind.Local or SymbolKind.Parameter or SymbolKind.Field } ? symbol : null;
    }
}
