using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TrioSharp.Analyzers;

/// <summary>How an expression's task is consumed: awaited, handed to the caller, or neither.</summary>
internal static class Awaits
{
    /// <summary>The task an await waits for: <paramref name="expression"/> without parentheses and <c>.ConfigureAwait(...)</c>.</summary>
    public static ExpressionSyntax Operand(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    break;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access }:
                    expression = access.Expression;
                    break;
                default:
                    return expression;
            }
        }
    }

    /// <summary>
    /// Whether the task <paramref name="expression"/> makes is awaited right where it is made, or returned to the
    /// caller (a return statement, an expression body): through parentheses, <c>.ConfigureAwait(...)</c> and an
    /// argument list of <c>Task.WhenAll</c>/<c>WhenAny</c> that is itself awaited or returned.
    /// </summary>
    public static bool IsAwaitedOrReturned(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellation)
    {
        SyntaxNode current = expression;
        while (true)
        {
            var parent = current.Parent;
            switch (parent)
            {
                case AwaitExpressionSyntax or ReturnStatementSyntax:
                    return true;
                // The expression body of a function that returns it, unless the function returns void.
                case ArrowExpressionClauseSyntax { Parent: var owner }:
                    return owner switch
                    {
                        MethodDeclarationSyntax method => !LoopCode.IsVoid(method.ReturnType),
                        LocalFunctionStatementSyntax local => !LoopCode.IsVoid(local.ReturnType),
                        _ => true,
                    };
                case AnonymousFunctionExpressionSyntax lambda:
                    return model.GetSymbolInfo(lambda, cancellation).Symbol is IMethodSymbol { ReturnsVoid: false };
                case ParenthesizedExpressionSyntax:
                    current = parent;
                    break;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configured }:
                    current = configured;
                    break;
                case ArgumentSyntax
                {
                    Parent: ArgumentListSyntax
                    {
                        Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WhenAll" or "WhenAny" } } combined,
                    },
                }:
                    current = combined;
                    break;
                default:
                    return false;
            }
        }
    }
}
