using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace TrioSharp.Analyzers;

/// <summary>The symbols the rules match, resolved once per compilation by full metadata name.</summary>
internal sealed class TrioApi
{
    // Types whose members only work on a running loop (they throw elsewhere): code that uses one runs under a loop.
    private static readonly string[] LoopTypeNames =
    [
        "TrioSharp.Trio",
        "TrioSharp.Nursery",
        "TrioSharp.CancelScope",
        "TrioSharp.MemoryChannel",
        "TrioSharp.MemorySendChannel`1",
        "TrioSharp.MemoryReceiveChannel`1",
        "TrioSharp.TrioLock",
        "TrioSharp.TrioSemaphore",
        "TrioSharp.CapacityLimiter",
        "TrioSharp.TrioEvent",
        "TrioSharp.StartStatus",
        "TrioSharp.StartStatus`1",
    ];

    private TrioApi(Compilation compilation, INamedTypeSymbol trio)
    {
        Trio = trio;
        Nursery = compilation.GetTypeByMetadataName("TrioSharp.Nursery");
        CancelScope = compilation.GetTypeByMetadataName("TrioSharp.CancelScope");
        Acquisition = compilation.GetTypeByMetadataName("TrioSharp.Acquisition");
        var loopTypes = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var memberNames = ImmutableHashSet.CreateBuilder<string>();
        foreach (var name in LoopTypeNames)
        {
            if (compilation.GetTypeByMetadataName(name) is { } type)
            {
                loopTypes.Add(type);
                memberNames.UnionWith(type.MemberNames);
            }
        }

        LoopTypes = loopTypes.ToImmutable();
        LoopMemberNames = memberNames.ToImmutable();
        HeldTypes = Resolve(compilation, "TrioSharp.TrioLock", "TrioSharp.TrioSemaphore", "TrioSharp.CapacityLimiter");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        TaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
        TaskFactoryOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory`1");
        ThreadPool = compilation.GetTypeByMetadataName("System.Threading.ThreadPool");
        Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        TimeProvider = compilation.GetTypeByMetadataName("System.TimeProvider");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        CancellationTokenSource = compilation.GetTypeByMetadataName("System.Threading.CancellationTokenSource");
        PeriodicTimer = compilation.GetTypeByMetadataName("System.Threading.PeriodicTimer");
        WallClockTimerTypes = Resolve(compilation, "System.Threading.Timer", "System.Timers.Timer", "System.Threading.PeriodicTimer");
    }

    public INamedTypeSymbol Trio { get; }

    public INamedTypeSymbol? Nursery { get; }

    public INamedTypeSymbol? CancelScope { get; }

    public INamedTypeSymbol? Acquisition { get; }

    /// <summary>The TrioSharp types whose members need a running loop.</summary>
    public ImmutableHashSet<INamedTypeSymbol> LoopTypes { get; }

    /// <summary>Every member name of <see cref="LoopTypes"/>: a syntactic filter before asking the semantic model.</summary>
    public ImmutableHashSet<string> LoopMemberNames { get; }

    /// <summary>The primitives a task holds between acquire and release.</summary>
    public ImmutableHashSet<INamedTypeSymbol> HeldTypes { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? TaskFactory { get; }

    public INamedTypeSymbol? TaskFactoryOfT { get; }

    public INamedTypeSymbol? ThreadPool { get; }

    public INamedTypeSymbol? Thread { get; }

    public INamedTypeSymbol? TimeProvider { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol? CancellationTokenSource { get; }

    public INamedTypeSymbol? PeriodicTimer { get; }

    /// <summary>Timer types whose constructors without a <c>TimeProvider</c> use the wall clock.</summary>
    public ImmutableHashSet<INamedTypeSymbol> WallClockTimerTypes { get; }

    /// <summary>The API of a compilation that references TrioSharp (or is TrioSharp), else null: then no rule applies.</summary>
    public static TrioApi? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName("TrioSharp.Trio") is { } trio ? new TrioApi(compilation, trio) : null;

    /// <summary>Whether <paramref name="type"/> (or the generic definition it was made from) is <paramref name="expected"/>.</summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    /// <summary>Whether a member of a loop type is used: every member except the entry points that start a loop.</summary>
    public bool IsLoopMember(ISymbol symbol) =>
        symbol.ContainingType is { } type
        && LoopTypes.Contains(type.OriginalDefinition)
        && !(Is(type, Trio) && symbol.Name is "Run" or "RunAsync");

    /// <summary>
    /// Whether a delegate given to <paramref name="method"/> runs on a thread-pool or worker thread rather than the
    /// caller's loop: Task.Run, TaskFactory.StartNew, ThreadPool.*QueueUserWorkItem, new Thread(...), and TrioSharp's
    /// to-thread API (any TrioSharp method or type whose name says Thread).
    /// </summary>
    public bool IsOffload(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (IsTrioSharp(type))
        {
            return method.Name.Contains("Thread") || type.Name.Contains("Thread");
        }

        return IsThreadPoolSpawn(method) || (Is(type, Thread) && method.MethodKind == MethodKind.Constructor);
    }

    /// <summary>Whether <paramref name="method"/> queues a delegate to the thread pool: Task.Run, TaskFactory.StartNew, ThreadPool.*QueueUserWorkItem.</summary>
    public bool IsThreadPoolSpawn(IMethodSymbol method)
    {
        var type = method.ContainingType;
        return (Is(type, Task) && method.Name == "Run")
            || ((Is(type, TaskFactory) || Is(type, TaskFactoryOfT)) && method.Name == "StartNew")
            || (Is(type, ThreadPool) && method.Name.EndsWith("QueueUserWorkItem", System.StringComparison.Ordinal));
    }

    /// <summary>
    /// Whether a delegate given to <paramref name="method"/> runs on the loop: any method of Trio, Nursery or
    /// CancelScope (Trio.Run/RunAsync, Nursery.RunAsync/StartSoon/StartAsync, MoveOnAfter, FailAfter,
    /// CancelScope.RunAsync, ...) except the to-thread API.
    /// </summary>
    public bool IsLoopEntry(IMethodSymbol method) =>
        (Is(method.ContainingType, Trio) || Is(method.ContainingType, Nursery) || Is(method.ContainingType, CancelScope))
        && !IsOffload(method);

    private static bool IsTrioSharp(INamedTypeSymbol type) =>
        type.ContainingNamespace is { Name: "TrioSharp", ContainingNamespace.IsGlobalNamespace: true };

    private static ImmutableHashSet<INamedTypeSymbol> Resolve(Compilation compilation, params string[] names)
    {
        var builder = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in names)
        {
            if (compilation.GetTypeByMetadataName(name) is { } type)
            {
                builder.Add(type);
            }
        }

        return builder.ToImmutable();
    }
}
