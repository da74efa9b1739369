using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TrioSharp.Analyzers;

/// <summary>
/// TRIO004: an async lambda or anonymous method converted to a void-returning delegate, or an async void local
/// function or method, that is loop code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class AsyncVoidAnalyzer() : TrioAnalyzer(Rules.AsyncVoid)
{
    /// <inheritdoc/>
    protected override void Register(CompilationStartAnalysisContext context, TrioApi api)
    {
        context.RegisterSyntaxNodeAction(
            c => AnalyzeLambda(c, api),
            SyntaxKind.ParenthesizedLambdaExpression,
            SyntaxKind.SimpleLambdaExpression,
            SyntaxKind.AnonymousMethodExpression);
        context.RegisterSyntaxNodeAction(c => AnalyzeDeclaration(c, api), SyntaxKind.LocalFunctionStatement, SyntaxKind.MethodDeclaration);
    }

    private static void AnalyzeLambda(SyntaxNodeAnalysisContext context, TrioApi api)
    {
        var lambda = (AnonymousFunctionExpressionSyntax)context.Node;
        if (!lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
            || context.SemanticModel.GetSymbolInfo(lambda, context.CancellationToken).Symbol is not IMethodSymbol { ReturnsVoid: true }
            || !LoopCode.IsLoopFunction(lambda, context.SemanticModel, api, context.CancellationToken))
        {
            return;
        }

        var kind = lambda is AnonymousMethodExpressionSyntax ? "anonymous method" : "lambda";
        Report(context, Rules.AsyncVoid, lambda.AsyncKeyword.GetLocation(), null, kind);
    }

    private static void AnalyzeDeclaration(SyntaxNodeAnalysisContext context, TrioApi api)
    {
        var (modifiers, returnType, kind) = context.Node switch
        {
            LocalFunctionStatementSyntax local => (local.Modifiers, local.ReturnType, "local function"),
            MethodDeclarationSyntax method => (method.Modifiers, method.ReturnType, "method"),
            _ => default,
        };
        var asyncKeyword = modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword));
        if (!asyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
            || returnType is null
            || !LoopCode.IsVoid(returnType)
            || !LoopCode.IsLoopFunction(context.Node, context.SemanticModel, api, context.CancellationToken))
        {
            return;
        }

        // Offered only where no signature is imposed (not an override or an interface's member). A method used as
        // a void delegate (an event handler, say) stops compiling after the fix, which shows where.
        var fix = context.Node is LocalFunctionStatementSyntax || IsFreeToChange(context)
            ? FixKinds.ReturnTask
            : null;
        Report(context, Rules.AsyncVoid, asyncKeyword.GetLocation(), fix, kind);
    }

    private static bool IsFreeToChange(SyntaxNodeAnalysisContext context)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, context.CancellationToken) is not IMethodSymbol method
            || method.IsOverride
            || method.ExplicitInterfaceImplementations.Length > 0)
        {
            return false;
        }

        var type = method.ContainingType;
        return !type.AllInterfaces.SelectMany(i => i.GetMembers(method.Name))
            .Any(member => SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method));
    }
}
