using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TrioSharp.Analyzers;

/// <summary>
/// TRIO005: in loop code, an overload without a <c>TimeProvider</c> of <c>Task.Delay</c>,
/// <c>Task.WaitAsync(TimeSpan)</c>, <c>new CancellationTokenSource(delay)</c>, <c>new PeriodicTimer</c>,
/// <c>new System.Threading.Timer</c> or <c>new System.Timers.Timer</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class WallClockTimerAnalyzer() : TrioAnalyzer(Rules.WallClockTimer)
{
    /// <inheritdoc/>
    protected override void Register(CompilationStartAnalysisContext context, TrioApi api)
    {
        context.RegisterSyntaxNodeAction(c => AnalyzeInvocation(c, api), SyntaxKind.InvocationExpression);
        context.RegisterSyntaxNodeAction(c => AnalyzeCreation(c, api), SyntaxKind.ObjectCreationExpression, SyntaxKind.ImplicitObjectCreationExpression);
    }

    private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context, TrioApi api)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Delay" or "WaitAsync" }
            || context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method
            || !(TrioApi.Is(method.ContainingType, api.Task) || TrioApi.Is(method.ContainingType, api.TaskOfT))
            || !IsWallClock(method, api)
            || !LoopCode.Contains(invocation, context.SemanticModel, api, context.CancellationToken))
        {
            return;
        }

        // An awaited Task.Delay(duration) is a sleep; with a token or a kept task, the clock is passed instead.
        var fix = method.Name == "Delay" && method.Parameters.Length == 1 && invocation.Parent is AwaitExpressionSyntax
            ? (TrioApi.Is(method.Parameters[0].Type, api.TimeSpan) ? FixKinds.Sleep : FixKinds.SleepMilliseconds)
            : ClockFix(method, invocation.ArgumentList, api);
        Report(context, Rules.WallClockTimer, invocation.GetLocation(), fix, $"Task.{method.Name}");
    }

    private static void AnalyzeCreation(SyntaxNodeAnalysisContext context, TrioApi api)
    {
        var creation = (BaseObjectCreationExpressionSyntax)context.Node;
        // `new(...)` names no type; for `new X(...)` the name filters out most creations before the semantic model.
        var typeName = creation is ObjectCreationExpressionSyntax { Type: var written } ? RightmostName(written) : null;
        if (typeName is not (null or "Timer" or "PeriodicTimer" or "CancellationTokenSource")
            || context.SemanticModel.GetSymbolInfo(creation, context.CancellationToken).Symbol is not IMethodSymbol constructor)
        {
            return;
        }

        var type = constructor.ContainingType;
        var isTimer = api.WallClockTimerTypes.Contains(type)
            || (TrioApi.Is(type, api.CancellationTokenSource) && constructor.Parameters.Length > 0);
        if (!isTimer
            || !IsWallClock(constructor, api)
            || !LoopCode.Contains(creation, context.SemanticModel, api, context.CancellationToken))
        {
            return;
        }

        var fix = creation.ArgumentList is { } arguments ? ClockFix(constructor, arguments, api) : null;
        Report(context, Rules.WallClockTimer, creation.GetLocation(), fix, $"new {type.Name}");
    }

    private static string? RightmostName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };

    // A member times on the wall clock when it takes a duration but no TimeProvider.
    private static bool IsWallClock(IMethodSymbol method, TrioApi api) =>
        !method.Parameters.Any(p => TrioApi.Is(p.Type, api.TimeProvider))
        && (method.Name != "WaitAsync" || method.Parameters.Any(p => TrioApi.Is(p.Type, api.TimeSpan)));

    // Task.Delay, Task.WaitAsync, CancellationTokenSource and PeriodicTimer have a twin that takes a TimeProvider
    // right after a leading TimeSpan; the fix inserts the loop's clock there (positional arguments only). The
    // Timer classes have none: TimeProvider.CreateTimer replaces them.
    private static string? ClockFix(IMethodSymbol method, ArgumentListSyntax arguments, TrioApi api)
    {
        var type = method.ContainingType.OriginalDefinition;
        var hasTwin = !api.WallClockTimerTypes.Contains(type) || TrioApi.Is(type, api.PeriodicTimer);
        return hasTwin
            && method.Parameters.Length > 0
            && TrioApi.Is(method.Parameters[0].Type, api.TimeSpan)
            && arguments.Arguments.All(a => a.NameColon is null)
                ? FixKinds.Clock
                : null;
    }
}
