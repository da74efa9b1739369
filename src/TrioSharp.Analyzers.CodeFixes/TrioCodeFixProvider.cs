using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace TrioSharp.Analyzers.CodeFixes;

/// <summary>
/// Fixes the TrioSharp diagnostics whose analyzer named a rewrite in the <see cref="FixKinds.Property"/> property:
/// it has checked the semantic conditions (the function is async, the overload has a TimeProvider twin, ...), so
/// the rewrite here is purely syntactic.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TrioCodeFixProvider))]
[Shared]
internal sealed class TrioCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
    [
        DiagnosticIds.BlockingWait,
        DiagnosticIds.BlockingSleep,
        DiagnosticIds.UnstructuredSpawn,
        DiagnosticIds.AsyncVoid,
        DiagnosticIds.WallClockTimer,
    ];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixKinds.Property, out var kind) || kind is null)
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (Rewrite(diagnostic.Id, kind, node) is not var (old, replacement, title))
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(title, _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(old, replacement))), equivalenceKey: kind),
                diagnostic);
        }
    }

    private static (SyntaxNode Old, SyntaxNode New, string Title)? Rewrite(string id, string kind, SyntaxNode node) => kind switch
    {
        FixKinds.Await when id == DiagnosticIds.UnstructuredSpawn && node is InvocationExpressionSyntax spawn => AwaitSpawn(spawn),
        FixKinds.Await when BlockedTask(node) is { } task => (node, Parenthesized(AwaitExpression(task.WithoutTrivia())).WithTriviaFrom(node), "Await the task"),
        FixKinds.WhenAll when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } waitAll =>
            (waitAll, AwaitExpression(waitAll.WithoutTrivia().WithExpression(access.WithName(IdentifierName("WhenAll")))).WithTriviaFrom(waitAll), "Await Task.WhenAll"),
        FixKinds.Sleep or FixKinds.SleepMilliseconds when node is InvocationExpressionSyntax sleep => TrioSleep(sleep, kind == FixKinds.SleepMilliseconds),
        FixKinds.Clock when node is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax => PassClock(node),
        FixKinds.ReturnTask => ReturnTask(node),
        _ => null,
    };

    // The task a blocking wait waits for: t in t.Result, t.Wait(), t.GetAwaiter().GetResult().
    private static ExpressionSyntax? BlockedTask(SyntaxNode node) => node switch
    {
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result => result.Expression,
        InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax
            {
                Name.Identifier.ValueText: "GetResult",
                Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter },
            },
        } => getAwaiter.Expression,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait } => wait.Expression,
        _ => null,
    };

    private static (SyntaxNode, SyntaxNode, string) AwaitSpawn(InvocationExpressionSyntax spawn)
    {
        // `_ = Task.Run(...)` loses its discard: the await consumes the task.
        SyntaxNode old = spawn.Parent is AssignmentExpressionSyntax discard ? discard : spawn;
        return (old, AwaitExpression(spawn.WithoutTrivia()).WithTriviaFrom(old), "Await the task");
    }

    private static (SyntaxNode, SyntaxNode, string)? TrioSleep(InvocationExpressionSyntax call, bool milliseconds)
    {
        if (call.ArgumentList.Arguments.FirstOrDefault()?.Expression is not { } argument)
        {
            return null;
        }

        var duration = milliseconds
            ? InvocationExpression(Qualified("System.TimeSpan.FromMilliseconds"), ArgumentList([Argument(argument.WithoutTrivia())]))
            : argument.WithoutTrivia();
        ExpressionSyntax sleep = InvocationExpression(Qualified("TrioSharp.Trio.Sleep"), ArgumentList([Argument(duration)]));
        // Task.Delay is already awaited where the fix is offered; Thread.Sleep is a statement of its own.
        if (call.Parent is not AwaitExpressionSyntax)
        {
            sleep = AwaitExpression(sleep);
        }

        return (call, sleep.WithTriviaFrom(call), "Use Trio.Sleep");
    }

    private static (SyntaxNode, SyntaxNode, string)? PassClock(SyntaxNode call)
    {
        var arguments = call switch
        {
            InvocationExpressionSyntax invocation => invocation.ArgumentList,
            BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
            _ => null,
        };
        if (arguments is null || arguments.Arguments.Count == 0)
        {
            return null;
        }

        var withClock = arguments.WithArguments(arguments.Arguments.Insert(1, Argument(Qualified("TrioSharp.Trio.CurrentClock"))));
        return (arguments, withClock, "Pass the loop's clock (Trio.CurrentClock)");
    }

    private static (SyntaxNode, SyntaxNode, string)? ReturnTask(SyntaxNode node)
    {
        var task = ParseTypeName("System.Threading.Tasks.Task").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        return node switch
        {
            MethodDeclarationSyntax method => (method, method.WithReturnType(task.WithTriviaFrom(method.ReturnType)), "Return Task"),
            LocalFunctionStatementSyntax local => (local, local.WithReturnType(task.WithTriviaFrom(local.ReturnType)), "Return Task"),
            _ => null,
        };
    }

    // A fully qualified name that the simplifier shortens where a using directive allows.
    private static ExpressionSyntax Qualified(string name) =>
        ParseExpression(name).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    private static ParenthesizedExpressionSyntax Parenthesized(ExpressionSyntax expression) =>
        ParenthesizedExpression(expression).WithAdditionalAnnotations(Simplifier.Annotation);
}
