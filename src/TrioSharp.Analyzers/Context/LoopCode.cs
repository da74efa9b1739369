using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TrioSharp.Analyzers;

/// <summary>
/// Decides whether code runs under a TrioSharp loop (docs/analyzers.md, "What counts as loop code"). A function
/// (method, accessor, local function, lambda, anonymous method) is loop code when:
/// <list type="number">
/// <item>it is a lambda or anonymous method passed straight to a method of Trio, Nursery or CancelScope
/// (Trio.Run, Nursery.StartSoon, Trio.MoveOnAfter, ...) other than the to-thread API: loop code;</item>
/// <item>it is a lambda passed straight to Task.Run, TaskFactory.StartNew, ThreadPool.QueueUserWorkItem,
/// new Thread or the to-thread API: not loop code, whatever it contains;</item>
/// <item>its own body (not counting nested functions) uses a member of a loop-bound TrioSharp type other than
/// Trio.Run/RunAsync: loop code;</item>
/// <item>otherwise a lambda, anonymous method or local function is loop code when the function it is written in
/// is, and a method, accessor or top-level statement is not.</item>
/// </list>
/// </summary>
internal static class LoopCode
{
    /// <summary>Whether <paramref name="node"/> runs under a loop: whether its innermost enclosing function does.</summary>
    public static bool Contains(SyntaxNode node, SemanticModel model, TrioApi api, CancellationToken cancellation) =>
        EnclosingFunction(node) is { } function && IsLoopFunction(function, model, api, cancellation);

    /// <summary>Whether the function <paramref name="function"/> runs under a loop.</summary>
    public static bool IsLoopFunction(SyntaxNode function, SemanticModel model, TrioApi api, CancellationToken cancellation)
    {
        for (var current = function; current is not null; current = EnclosingFunction(current))
        {
            if (current is AnonymousFunctionExpressionSyntax lambda && DelegateTarget(lambda, model, cancellation) is { } target)
            {
                if (api.IsOffload(target))
                {
                    return false;
                }

                if (api.IsLoopEntry(target))
                {
                    return true;
                }
            }

            if (UsesLoopApi(current, model, api, cancellation))
            {
                return true;
            }

            if (current is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The innermost function that contains <paramref name="node"/> (not <paramref name="node"/> itself), or null.</summary>
    public static SyntaxNode? EnclosingFunction(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (IsFunction(current))
            {
                return current;
            }

            if (current is BaseTypeDeclarationSyntax or GlobalStatementSyntax or FieldDeclarationSyntax)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Whether the function that contains <paramref name="node"/> is async, so an await can be written there.</summary>
    public static bool CanAwaitAt(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            // An await is not allowed inside a lock statement.
            if (current is LockStatementSyntax)
            {
                return false;
            }

            if (IsFunction(current))
            {
                return IsAsync(current);
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="node"/> is a function: its body has its own flow, awaits and returns.</summary>
    public static bool IsFunction(SyntaxNode node) =>
        node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax
            or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax;

    /// <summary>Whether the function <paramref name="function"/> is declared async.</summary>
    public static bool IsAsync(SyntaxNode function) => function switch
    {
        AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
        LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
        BaseMethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
        _ => false,
    };

    /// <summary>Whether a declared return type is <c>void</c>.</summary>
    public static bool IsVoid(TypeSyntax type) => type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };

    /// <summary>The nodes of <paramref name="function"/>'s own body: every descendant outside nested functions.</summary>
    public static System.Collections.Generic.IEnumerable<SyntaxNode> OwnNodes(SyntaxNode function) =>
        function.DescendantNodes(node => node == function || !IsFunction(node));

    /// <summary>The method a lambda is passed to as an argument (through parentheses and casts), or null.</summary>
    public static IMethodSymbol? DelegateTarget(AnonymousFunctionExpressionSyntax lambda, SemanticModel model, CancellationToken cancellation)
    {
        SyntaxNode current = lambda;
        while (current.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            current = current.Parent;
        }

        if (current.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: { } call } })
        {
            return null;
        }

        var info = model.GetSymbolInfo(call, cancellation);
        return (info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) as IMethodSymbol;
    }

    private static bool UsesLoopApi(SyntaxNode function, SemanticModel model, TrioApi api, CancellationToken cancellation)
    {
        foreach (var node in OwnNodes(function))
        {
            var name = node switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                // using static TrioSharp.Trio; ... await Sleep(1);
                InvocationExpressionSyntax { Expression: SimpleNameSyntax simple } => simple,
                _ => null,
            };
            if (name is not null
                && api.LoopMemberNames.Contains(name.Identifier.ValueText)
                && model.GetSymbolInfo(name, cancellation).Symbol is { } symbol
                && api.IsLoopMember(symbol))
            {
                return true;
            }

            // await foreach over a receive channel.
            if (node is ForEachStatementSyntax loop
                && loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword)
                && model.GetTypeInfo(loop.Expression, cancellation).Type?.OriginalDefinition is INamedTypeSymbol type
                && api.LoopTypes.Contains(type))
            {
                return true;
            }
        }

        return false;
    }
}
