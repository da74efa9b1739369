namespace TrioSharp.Analyzers;

/// <summary>The ids of the TrioSharp analyzers' diagnostics; docs/analyzers.md has a section for each.</summary>
public static class DiagnosticIds
{
    /// <summary>A synchronous wait on a task (<c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c>, <c>Task.WaitAll/WaitAny</c>) in loop code.</summary>
    public const string BlockingWait = "TRIO001";

    /// <summary><c>Thread.Sleep</c> in loop code.</summary>
    public const string BlockingSleep = "TRIO002";

    /// <summary>A <c>Task.Run</c>, <c>TaskFactory.StartNew</c> or <c>ThreadPool.QueueUserWorkItem</c> in loop code whose task is not awaited.</summary>
    public const string UnstructuredSpawn = "TRIO003";

    /// <summary>An <c>async void</c> lambda, anonymous method, local function or method in loop code.</summary>
    public const string AsyncVoid = "TRIO004";

    /// <summary>A delay or timer on the wall clock (no <c>TimeProvider</c>) in loop code.</summary>
    public const string WallClockTimer = "TRIO005";

    /// <summary>An async body of a deadline (<c>MoveOnAfter</c>, <c>FailAfter</c>, <c>CancelScope.RunAsync</c>, ...) with no <c>await</c>.</summary>
    public const string UncancellableScope = "TRIO006";

    /// <summary>A <c>yield return</c> while a <c>TrioLock</c>, <c>TrioSemaphore</c> or <c>CapacityLimiter</c> is held.</summary>
    public const string YieldWhileHolding = "TRIO007";
}
