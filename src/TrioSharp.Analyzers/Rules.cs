using Microsoft.CodeAnalysis;

namespace TrioSharp.Analyzers;

/// <summary>The descriptor of every diagnostic, with its help link into docs/analyzers.md.</summary>
internal static class Rules
{
    private const string Category = "TrioSharp.Usage";
    private const string HelpBase = "https://github.com/triosharp/triosharp/blob/main/docs/analyzers.md#";

    public static readonly DiagnosticDescriptor BlockingWait = Create(
        DiagnosticIds.BlockingWait,
        "Do not block the loop waiting for a task",
        "'{0}' blocks the loop's thread until the task completes; await it instead",
        "A synchronous wait on a task stops every task of the TrioSharp loop, and deadlocks if the task needs the loop to finish.",
        "trio001-blocking-wait");

    public static readonly DiagnosticDescriptor BlockingSleep = Create(
        DiagnosticIds.BlockingSleep,
        "Do not sleep the loop's thread",
        "'Thread.Sleep' blocks every task of the loop and ignores cancellation; use 'await Trio.Sleep(...)'",
        "Thread.Sleep stops the whole TrioSharp loop, cannot be cancelled, and runs on the wall clock even under a VirtualClock.",
        "trio002-threadsleep");

    public static readonly DiagnosticDescriptor UnstructuredSpawn = Create(
        DiagnosticIds.UnstructuredSpawn,
        "Do not start work that nothing waits for",
        "'{0}' starts work that outlives this code: start it in a nursery, or await it where it is started",
        "Work started with Task.Run, TaskFactory.StartNew or ThreadPool.QueueUserWorkItem and not awaited escapes structured concurrency: no cancel scope reaches it and its exceptions are lost.",
        "trio003-unstructured-spawn");

    public static readonly DiagnosticDescriptor AsyncVoid = Create(
        DiagnosticIds.AsyncVoid,
        "Do not write async void code under a loop",
        "This async {0} returns void: nothing can await it, and its exception escapes the loop; return a Task",
        "Nothing can await an async void function: it outlives its caller, no nursery or cancel scope supervises it, and its exception is raised on the loop's synchronization context instead of in a task.",
        "trio004-async-void");

    public static readonly DiagnosticDescriptor WallClockTimer = Create(
        DiagnosticIds.WallClockTimer,
        "Time from the loop's clock",
        "'{0}' runs on the wall clock, which the loop's clock (a VirtualClock in tests) cannot see; use Trio.Sleep or pass Trio.CurrentClock",
        "A delay or timer made without a TimeProvider fires on the system clock: a VirtualClock neither jumps to it nor fires it, and no cancel scope cancels it.",
        "trio005-wall-clock-timer");

    public static readonly DiagnosticDescriptor UncancellableScope = Create(
        DiagnosticIds.UncancellableScope,
        "A deadline's body needs an await",
        "The body given to '{0}' never awaits, so the deadline can never interrupt it",
        "Cancellation is delivered at checkpoints (awaits of TrioSharp operations); a body with no await runs to its end whatever the deadline.",
        "trio006-uncancellable-scope");

    public static readonly DiagnosticDescriptor YieldWhileHolding = Create(
        DiagnosticIds.YieldWhileHolding,
        "Do not yield while holding a lock or limiter",
        "'yield return' suspends the iterator while it holds {0}; the consumer decides when, or whether, it is released",
        "At a yield the consumer runs: the lock, semaphore unit or limiter token stays held for as long as it likes, and is never released if it stops enumerating without disposing the iterator.",
        "trio007-yield-while-holding");

    private static DiagnosticDescriptor Create(string id, string title, string message, string description, string anchor) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description, HelpBase + anchor);
}
