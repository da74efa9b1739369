using System.Collections.Immutable;

namespace TrioSharp.Tests.Properties;

/// <summary>What a run records about its tasks, scopes, messages and resources.</summary>
internal sealed partial class ProgramRun
{
    private enum SendOutcome
    {
        Pending,
        Sent,
        Cancelled,
        Broken,
        Closed,
    }

    /// <summary>
    /// Where a step runs: its task, the scopes around it (innermost first), the resources its task holds, and the
    /// nurseries around it.
    /// </summary>
    private sealed record Env(int Task, Frame? Scopes, ImmutableHashSet<int> Held, NurseryFrame? Nurseries, PendingStart? Start);

    /// <summary>A StartAsync child that has not called Started(), and the link its scopes hang from.</summary>
    private sealed class PendingStart(int task, NurseryFrame target, Frame link)
    {
        public int Task { get; } = task;

        public NurseryFrame Target { get; } = target;

        public Frame Link { get; } = link;

        public StartStatus? Status { get; set; }

        public bool Done { get; set; }
    }

    /// <summary>An open nursery, its scope, the tasks started in it, and the nursery around it.</summary>
    private sealed class NurseryFrame(Nursery nursery, Frame scope, NurseryFrame? parent)
    {
        public Nursery Nursery { get; } = nursery;

        public Frame Scope { get; } = scope;

        public NurseryFrame? Parent { get; } = parent;

        public List<int> Children { get; } = [];
    }

    /// <summary>
    /// An entered scope and the one around it, or a link (no scope) that a StartAsync child's scopes hang from;
    /// <see cref="Touched"/> once a step cancelled the scope or moved its deadline.
    /// </summary>
    private sealed class Frame(CancelScope? scope, Frame? parent)
    {
        public CancelScope? Scope { get; } = scope;

        public Frame? Parent { get; set; } = parent;

        public bool Touched { get; set; }
    }

    private sealed class TaskRecord(int id)
    {
        public int Id { get; } = id;

        public bool Started { get; set; }

        public bool Ended { get; set; }

        public TrioTask? Runtime { get; set; }
    }

    private sealed class MessageRecord(int id, ChannelUnderTest channel, int sender, int seq, int attemptedAt)
    {
        public int Id { get; } = id;

        public ChannelUnderTest Channel { get; } = channel;

        public int Sender { get; } = sender;

        public int Seq { get; } = seq;

        public int AttemptedAt { get; } = attemptedAt;

        public SendOutcome Outcome { get; set; }

        public int Received { get; set; }

        public int Drained { get; set; }
    }

    private sealed class ChannelUnderTest
    {
        public ChannelUnderTest(ChannelSpec spec) =>
            (Send, Receive) = spec.Capacity is { } capacity ? MemoryChannel.Create<long>(capacity) : MemoryChannel.CreateUnbounded<long>();

        public MemorySendChannel<long> Send { get; }

        public MemoryReceiveChannel<long> Receive { get; }

        public int OpenSendHandles { get; set; } = 1;

        public int OpenReceiveHandles { get; set; } = 1;

        /// <summary>The event count when the last receive handle was closed, or null.</summary>
        public int? ReceiversClosedAt { get; private set; }

        public void CloseReceiveHandle(MemoryReceiveChannel<long> handle, int now)
        {
            if (handle.IsClosed)
            {
                return;
            }

            if (--OpenReceiveHandles == 0)
            {
                ReceiversClosedAt = now;
            }

            handle.Close();
        }
    }

    private sealed class ResourceUnderTest(ResourceSpec spec)
    {
        private readonly CapacityLimiter? _limiter = spec.Kind == ResourceKind.CapacityLimiter ? new(spec.Tokens) : null;
        private readonly TrioSemaphore? _semaphore = spec.Kind == ResourceKind.TrioSemaphore ? new(spec.Tokens, spec.Tokens) : null;
        private readonly TrioLock? _lock = spec.Kind == ResourceKind.Lock ? new() : null;

        /// <summary>Tasks between the end of an acquire and the start of its release.</summary>
        public int InUse { get; set; }

        /// <summary>Whether one task may hold several tokens (only a semaphore has no owner).</summary>
        public bool MayNest => _semaphore is not null;

        public ValueTask<Acquisition> AcquireScopeAsync() =>
            _limiter?.AcquireScopeAsync() ?? _semaphore?.AcquireScopeAsync() ?? _lock!.AcquireScopeAsync();

        /// <summary>What is wrong while <see cref="InUse"/> holders hold a token, or null.</summary>
        public string? Overdrawn() => InUse > spec.Tokens
            ? $"{InUse} holders of {spec.Tokens} tokens"
            : _limiter is { } limiter && (limiter.BorrowedTokens < InUse || limiter.BorrowedTokens > spec.Tokens)
                ? $"{limiter.BorrowedTokens} tokens borrowed while {InUse} holders run"
            : _semaphore is { } semaphore && (semaphore.Value < 0 || semaphore.Value + InUse > spec.Tokens)
                ? $"value {semaphore.Value} while {InUse} holders run"
            : _lock is { Locked: false } ? "unlocked while held"
            : null;

        /// <summary>What was not given back once every task ended, or null.</summary>
        public string? Leftover() => InUse != 0
            ? $"{InUse} holders left"
            : _limiter is { } limiter && (limiter.BorrowedTokens != 0 || limiter.Statistics.TasksWaiting != 0)
                ? $"{limiter.BorrowedTokens} tokens borrowed, {limiter.Statistics.TasksWaiting} waiting"
            : _semaphore is { } semaphore && (semaphore.Value != spec.Tokens || semaphore.Statistics.TasksWaiting != 0)
                ? $"value {semaphore.Value} of {spec.Tokens}, {semaphore.Statistics.TasksWaiting} waiting"
            : _lock is { } trioLock && (trioLock.Locked || trioLock.Statistics.TasksWaiting != 0)
                ? $"locked {trioLock.Locked}, {trioLock.Statistics.TasksWaiting} waiting"
            : null;
    }

    private sealed class ProgramError(int id) : Exception($"error #{id}");
}
