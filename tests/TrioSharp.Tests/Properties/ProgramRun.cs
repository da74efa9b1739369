using System.Collections.Immutable;

namespace TrioSharp.Tests.Properties;

/// <summary>
/// Runs one generated program under one schedule on a virtual clock, records what every step saw, and returns every
/// invariant it found broken (see "Invariants and how they are checked" in docs/design.md).
/// </summary>
internal sealed class ProgramRun
{
    private readonly RandomProgram _program;
    private readonly SchedulingPolicy _policy;
    private readonly VirtualClock _clock = new();
    private readonly List<string> _violations = [];
    private readonly List<TaskRecord> _tasks = [];
    private readonly List<ProgramError> _thrown = [];
    private readonly List<MessageRecord> _messages = [];
    private readonly HashSet<long> _deadlines = [0];
    private readonly HashSet<long> _eventTimes = [];
    private readonly List<(int Task, long Time)> _interleaving = [];
    private readonly ChannelUnderTest[] _channels;
    private readonly ResourceUnderTest[] _resources;
    private int _loopThread;
    private long _lastTime;
    private int _events;
    private int _senders;
    private int _receivers;
    private bool _runReturned;

    private ProgramRun(RandomProgram program, SchedulingPolicy policy)
    {
        _program = program;
        _policy = policy;
        _channels = [.. program.Channels.Select(spec => new ChannelUnderTest(spec))];
        _resources = [.. program.Resources.Select(spec => new ResourceUnderTest(spec))];
    }

    /// <summary>Runs <paramref name="program"/> under <paramref name="policy"/> and returns the broken invariants.</summary>
    public static IReadOnlyList<string> Check(RandomProgram program, SchedulingPolicy policy) => new ProgramRun(program, policy).Execute();

    /// <summary>Runs <paramref name="program"/> under <paramref name="policy"/> and returns which task ran each step, and when.</summary>
    public static IReadOnlyList<(int Task, long Time)> Interleaving(RandomProgram program, SchedulingPolicy policy)
    {
        var run = new ProgramRun(program, policy);
        run.Execute();
        return run._interleaving;
    }

    public static string Stats(IEnumerable<RandomProgram> programs)
    {
        int sent = 0, received = 0, drained = 0, thrown = 0, tasks = 0, runs = 0, withReceive = 0, lost = 0; long time = 0;
        foreach (var p in programs)
        {
            var r = new ProgramRun(p, SchedulingPolicy.Fifo);
            r.Execute();
            runs++;
            sent += r._messages.Count(m => m.Outcome == SendOutcome.Sent);
            received += r._messages.Count(m => m.Received > 0);
            drained += r._messages.Count(m => m.Drained > 0);
            lost += r._messages.Count(m => m.Outcome == SendOutcome.Sent && m.Received + m.Drained == 0);
            withReceive += r._messages.Any(m => m.Received > 0) ? 1 : 0;
            thrown += r._thrown.Count; tasks += r._tasks.Count; time += r._lastTime;
        }
        return $"runs {runs} sent {sent} received {received} drained {drained} lost {lost} runsWithReceive {withReceive} thrown {thrown} tasks {tasks} avgtime {TimeSpan.FromTicks(time / runs).TotalSeconds}";
    }

    private List<string> Execute()
    {
        Exception? escaped = null;
        long finalTime = 0;
        try
        {
            Trio.Run(
                async () =>
                {
                    _loopThread = Environment.CurrentManagedThreadId;
                    var main = new Env(NewTask(), null, [], null, null);
                    Begin(main);
                    try
                    {
                        var global = CancelScope.WithTimeout(TimeSpan.FromSeconds(RandomProgram.GlobalTimeout));
                        await ScopeAsync(global, "the global scope", checkDeadline: false, _program.Main, main);
                    }
                    catch (Exception e)
                    {
                        escaped = e;
                    }
                    finally
                    {
                        End(main);
                    }

                    DrainChannels();
                    finalTime = Trio.CurrentTime.Ticks;
                },
                new TrioRunOptions { Clock = _clock, Scheduling = _policy });
        }
        catch (Exception e)
        {
            Violation($"Trio.Run threw {e}");
        }

        _runReturned = true;
        CheckTasks();
        CheckErrors(escaped);
        CheckMessages();
        CheckResources();
        CheckTime(finalTime);
        return _violations;
    }

    private async Task RunBlockAsync(Step[] steps, Env env)
    {
        foreach (var step in steps)
        {
            await RunStepAsync(step, env);
        }
    }

    private Task RunStepAsync(Step step, Env env) => step switch
    {
        SleepStep sleep => SleepAsync(sleep.Seconds, env),
        ThrowStep => ThrowAsync(env),
        CancelStep cancel => CancelAsync(cancel, env),
        UnshieldStep unshield => UnshieldAsync(unshield, env),
        DeadlineStep deadline => SetDeadlineAsync(deadline, env),
        SendStep send => SendAsync(send, env),
        ReceiveStep receive => ReceiveAsync(receive, env),
        CloseStep close => CloseAsync(close, env),
        AcquireStep acquire => AcquireAsync(acquire, env),
        ScopeStep scope => ScopeAsync(
            scope.Timeout is { } timeout ? CancelScope.WithTimeout(TimeSpan.FromSeconds(timeout), scope.Shield) : new CancelScope(scope.Shield),
            "a scope",
            checkDeadline: scope.Timeout is not null && !scope.Body.Any(inner => inner.ContainsShield),
            scope.Body,
            env),
        NurseryStep nursery => NurseryAsync(nursery, env),
        SpawnStep spawn => SpawnAsync(spawn, env),
        StartedStep => StartedAsync(env),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown step."),
    };

    private async Task SleepAsync(int seconds, Env env)
    {
        var start = Stamp(env);
        var deadline = start + TimeSpan.FromSeconds(seconds).Ticks;
        AddDeadline(deadline, start);
        try
        {
            await Trio.Sleep(seconds);
        }
        catch (Cancelled)
        {
            if (Stamp(env) > deadline)
            {
                Violation($"sleep {seconds} from {Seconds(start)} was cancelled only after its deadline");
            }

            throw;
        }

        var end = Stamp(env);
        if (end != deadline)
        {
            Violation($"sleep {seconds} from {Seconds(start)} returned at {Seconds(end)}");
        }

        if (Trio.CurrentTask("test").IsEffectivelyCancelled)
        {
            Violation($"sleep {seconds} returned normally at {Seconds(end)} inside a cancelled scope");
        }
    }

    private Task ThrowAsync(Env env)
    {
        Stamp(env);
        var error = new ProgramError(_thrown.Count);
        _thrown.Add(error);
        return Task.FromException(error);
    }

    private Task CancelAsync(CancelStep step, Env env)
    {
        var frame = Target(env, step.Level);
        frame.Touched = true;
        Stamp(env);
        frame.Scope!.Cancel();
        return Task.CompletedTask;
    }

    private Task UnshieldAsync(UnshieldStep step, Env env)
    {
        Stamp(env);
        Target(env, step.Level).Scope!.Shield = false;
        return Task.CompletedTask;
    }

    private Task SetDeadlineAsync(DeadlineStep step, Env env)
    {
        var frame = Target(env, step.Level);
        frame.Touched = true;
        var now = Stamp(env);
        var deadline = TimeSpan.FromTicks(now) + TimeSpan.FromSeconds(step.Seconds);
        AddDeadline(deadline.Ticks, now);
        frame.Scope!.Deadline = deadline;
        return Task.CompletedTask;
    }

    private async Task SendAsync(SendStep step, Env env)
    {
        var channel = _channels[step.Channel];
        var sender = ++_senders;
        var handle = channel.Send;
        if (step.ThroughClone)
        {
            try
            {
                handle = channel.Send.Clone();
                channel.OpenSendHandles++;
            }
            catch (ClosedResourceException)
            {
                Stamp(env);
                Expect(channel.Send.IsClosed, "Clone raised ClosedResourceException on an open send handle");
                return;
            }
        }

        try
        {
            for (var seq = 0; seq < step.Count; seq++)
            {
                Stamp(env);
                var message = new MessageRecord(_messages.Count, channel, sender, seq, _events);
                _messages.Add(message);
                try
                {
                    await handle.SendAsync(message.Id);
                }
                catch (Cancelled)
                {
                    message.Outcome = SendOutcome.Cancelled;
                    Stamp(env);
                    throw;
                }
                catch (BrokenResourceException)
                {
                    message.Outcome = SendOutcome.Broken;
                    Stamp(env);
                    Expect(channel.ReceiversClosedAt is not null, $"send of message {message.Id} raised BrokenResourceException while a receive handle was open");
                    return;
                }
                catch (ClosedResourceException)
                {
                    message.Outcome = SendOutcome.Closed;
                    Stamp(env);
                    Expect(handle.IsClosed, $"send of message {message.Id} raised ClosedResourceException on an open handle");
                    return;
                }

                message.Outcome = SendOutcome.Sent;
                Stamp(env);
            }
        }
        finally
        {
            if (step.ThroughClone)
            {
                handle.Close();
                channel.OpenSendHandles--;
            }
        }
    }

    private async Task ReceiveAsync(ReceiveStep step, Env env)
    {
        var channel = _channels[step.Channel];
        var receiver = ++_receivers;
        var handle = channel.Receive;
        if (step.ThroughClone)
        {
            try
            {
                handle = channel.Receive.Clone();
                channel.OpenReceiveHandles++;
            }
            catch (ClosedResourceException)
            {
                Stamp(env);
                Expect(channel.Receive.IsClosed, "Clone raised ClosedResourceException on an open receive handle");
                return;
            }
        }

        try
        {
            await ReceiveThroughAsync(handle, step.Count, channel, receiver, env);
        }
        finally
        {
            if (step.ThroughClone)
            {
                Stamp(env);
                channel.CloseReceiveHandle(handle, _events);
            }
        }
    }

    private async Task ReceiveThroughAsync(MemoryReceiveChannel<long> handle, int count, ChannelUnderTest channel, int receiver, Env env)
    {
        var lastSeqBySender = new Dictionary<int, int>();
        for (var i = 0; i < count; i++)
        {
            long id;
            try
            {
                id = await handle.ReceiveAsync();
            }
            catch (EndOfChannelException)
            {
                Stamp(env);
                Expect(channel.OpenSendHandles == 0, $"receiver {receiver} saw the end of the channel while {channel.OpenSendHandles} send handle(s) were open");
                return;
            }
            catch (ClosedResourceException)
            {
                Stamp(env);
                Expect(handle.IsClosed, $"receiver {receiver} saw ClosedResourceException on an open handle");
                return;
            }

            Stamp(env);
            var message = _messages[(int)id];
            message.Received++;
            Expect(message.Channel == channel, $"message {id} was sent on another channel");
            Expect(message.Received == 1, $"message {id} was received {message.Received} times");
            if (lastSeqBySender.TryGetValue(message.Sender, out var last) && message.Seq <= last)
            {
                Violation($"receiver {receiver} got message #{message.Seq} of sender {message.Sender} after #{last}");
            }

            lastSeqBySender[message.Sender] = message.Seq;
        }
    }

    private Task CloseAsync(CloseStep step, Env env)
    {
        var channel = _channels[step.Channel];
        Stamp(env);
        if (step.Receiver)
        {
            channel.CloseReceiveHandle(channel.Receive, _events);
        }
        else if (!channel.Send.IsClosed)
        {
            channel.Send.Close();
            channel.OpenSendHandles--;
        }

        return Task.CompletedTask;
    }

    private async Task AcquireAsync(AcquireStep step, Env env)
    {
        var index = step.Resource;
        var resource = _resources[index];
        if (env.Held.Contains(index) && !resource.MayNest)
        {
            // A task cannot hold a lock or a limiter token twice: the inner block runs under the outer acquire.
            await RunBlockAsync(step.Body, env);
            return;
        }

        using var acquisition = await resource.AcquireScopeAsync();
        resource.InUse++;
        try
        {
            Stamp(env);
            if (resource.Overdrawn() is { } problem)
            {
                Violation($"r{index} after an acquire: {problem}");
            }

            await RunBlockAsync(step.Body, env with { Held = env.Held.Add(index) });
        }
        finally
        {
            resource.InUse--;
        }
    }

    private async Task ScopeAsync(CancelScope scope, string name, bool checkDeadline, Step[] body, Env env)
    {
        Frame? frame = null;
        var entered = 0L;
        try
        {
            await scope.RunAsync(async s =>
            {
                frame = new Frame(s, env.Scopes);
                var inside = env with { Scopes = frame };
                entered = Stamp(inside);
                AddDeadline(s.Deadline.Ticks, entered);
                await RunBlockAsync(body, inside);
            });
        }
        catch (Exception e)
        {
            CheckEscape(e, frame, name);
            throw;
        }
        finally
        {
            var exited = Stamp(env);
            CheckCaught(scope, name);
            if (checkDeadline && frame is { Touched: false })
            {
                // Nothing inside outlives the scope's deadline (no shield), and no step moved or cancelled it.
                var deadline = scope.Deadline.Ticks;
                Expect(exited <= deadline, $"{name} entered at {Seconds(entered)} with deadline {Seconds(deadline)} exited at {Seconds(exited)}");
                Expect(!scope.CancelCalled || exited == deadline, $"{name} cancelled by its deadline {Seconds(deadline)} exited at {Seconds(exited)}");
            }
        }
    }

    private async Task NurseryAsync(NurseryStep step, Env env)
    {
        Frame? frame = null;
        NurseryFrame? nurseryFrame = null;
        try
        {
            await Nursery.RunAsync(async nursery =>
            {
                frame = new Frame(nursery.CancelScope, env.Scopes);
                nurseryFrame = new NurseryFrame(nursery, frame, env.Nurseries);
                var inside = env with { Scopes = frame, Nurseries = nurseryFrame };
                foreach (var child in step.Children)
                {
                    await StartChildAsync(nurseryFrame, child, inside, inheritStart: true);
                }

                await RunBlockAsync(step.Body, inside);
            });
        }
        catch (Exception e)
        {
            CheckEscape(e, frame, "a nursery");
            throw;
        }
        finally
        {
            Stamp(env);
            foreach (var child in nurseryFrame?.Children.Where(child => !_tasks[child].Ended) ?? [])
            {
                Violation($"task {child} was still running when its nursery exited");
            }

            if (frame is not null)
            {
                CheckCaught(frame.Scope!, "a nursery");
            }
        }
    }

    private Task SpawnAsync(SpawnStep step, Env env)
    {
        var target = env.Nurseries!;
        for (var i = step.Level; i > 0; i--)
        {
            target = target.Parent!;
        }

        Stamp(env);
        return StartChildAsync(target, step.Child, env, inheritStart: false);
    }

    /// <summary>
    /// Starts a child in <paramref name="target"/> from a step running in <paramref name="caller"/>; a StartSoon child
    /// of a nursery may start the StartAsync child it was opened in (<paramref name="inheritStart"/>).
    /// </summary>
    private Task StartChildAsync(NurseryFrame target, ChildSpec child, Env caller, bool inheritStart)
    {
        var task = NewTask();
        target.Children.Add(task);
        if (!child.ViaStart)
        {
            var inNursery = new Env(task, target.Scope, [], target, inheritStart ? caller.Start : null);
            target.Nursery.StartSoon(() => RunTaskAsync(inNursery, child.Body, null));
            return Task.CompletedTask;
        }

        // Until Started() the child runs in its caller's scopes: its frames hang from a link to the caller's, which
        // Started() moves to the nursery's (unless the caller is being cancelled, rule S7).
        var start = new PendingStart(task, target, new Frame(null, caller.Scopes));
        var env = new Env(task, start.Link, [], target, start);
        return target.Nursery.StartAsync(status =>
        {
            start.Status = status;
            return RunTaskAsync(env, child.Body, start);
        });
    }

    private async Task RunTaskAsync(Env env, Step[] body, PendingStart? start)
    {
        Begin(env);
        try
        {
            await RunBlockAsync(body, env);
            if (start is { Done: false })
            {
                Started(start, env);
            }
        }
        finally
        {
            End(env);
        }
    }

    private Task StartedAsync(Env env)
    {
        if (env.Start is { Done: false } start)
        {
            Started(start, env);
        }

        return Task.CompletedTask;
    }

    private void Started(PendingStart start, Env env)
    {
        Stamp(env);
        start.Done = true;

        // Rule S7: a child whose caller is being cancelled stays under the caller; otherwise its scopes move into the
        // nursery's. CheckScopes then holds the runtime to that at every later step.
        var moves = !_tasks[start.Task].Runtime!.IsEffectivelyCancelled;
        start.Status!.Started();
        if (moves)
        {
            start.Link.Parent = start.Target.Scope;
        }
    }

    /// <summary>A cancellation may leave a scope only when an enclosing scope the scope can see was cancelled.</summary>
    private void CheckEscape(Exception error, Frame? frame, string name)
    {
        if (!Leaves(error).Any(e => e is Cancelled))
        {
            return;
        }

        if (frame is null)
        {
            Violation($"{name} raised Cancelled before its body ran");
            return;
        }

        if (frame.Scope!.Shield)
        {
            Violation($"Cancelled escaped {name}, which is shielded");
            return;
        }

        for (var outer = Scoped(frame.Parent); outer is not null; outer = Scoped(outer.Parent))
        {
            if (outer.Scope!.CancelCalled)
            {
                return;
            }

            if (outer.Scope.Shield)
            {
                break;
            }
        }

        Violation($"Cancelled escaped {name} though no enclosing scope it can see was cancelled");
    }

    private void CheckCaught(CancelScope scope, string name) =>
        Expect(!scope.CancelledCaught || scope.CancelCalled, $"{name} caught a cancellation it did not cause");

    private void CheckTasks()
    {
        foreach (var task in _tasks.Where(task => !task.Ended))
        {
            Violation($"task {task.Id} {(task.Started ? "never ended" : "never started")}");
        }
    }

    private void CheckErrors(Exception? escaped)
    {
        var reported = escaped is null ? [] : Leaves(escaped).ToList();
        foreach (var unexpected in reported.Where(e => e is not ProgramError))
        {
            Violation($"unexpected {unexpected.GetType().Name} reached the top: {unexpected.Message}");
        }

        foreach (var error in _thrown)
        {
            var times = reported.Count(e => ReferenceEquals(e, error));
            Expect(times == 1, $"{error.Message} was reported {times} times");
        }
    }

    private void CheckMessages()
    {
        foreach (var message in _messages)
        {
            var seen = message.Received + message.Drained;
            var lost = message.Channel.ReceiversClosedAt is { } closedAt && message.AttemptedAt < closedAt;
            switch (message.Outcome)
            {
                case SendOutcome.Sent:
                    Expect(seen == 1 || (seen == 0 && lost), $"message {message.Id} was sent and then seen {seen} times");
                    break;
                case SendOutcome.Pending:
                    Violation($"the send of message {message.Id} never returned");
                    break;
                default:
                    Expect(seen == 0, $"message {message.Id} failed to send ({message.Outcome}) but was seen {seen} times");
                    break;
            }
        }
    }

    private void CheckResources()
    {
        for (var i = 0; i < _resources.Length; i++)
        {
            if (_resources[i].Leftover() is { } problem)
            {
                Violation($"r{i} at the end: {problem}");
            }
        }
    }

    private void CheckTime(long finalTime)
    {
        Expect(finalTime == _lastTime, $"the run read {Seconds(finalTime)} at the end but its last step ran at {Seconds(_lastTime)}");
        Expect(_clock.Elapsed.Ticks == finalTime, $"the clock read {_clock.Elapsed.TotalSeconds} after the run, which ended at {Seconds(finalTime)}");
        foreach (var time in _eventTimes.Where(time => !_deadlines.Contains(time)))
        {
            Violation($"something ran at {Seconds(time)}, which is no deadline any step set");
        }
    }

    private void DrainChannels()
    {
        foreach (var channel in _channels.Where(channel => channel.ReceiversClosedAt is null))
        {
            try
            {
                while (channel.Receive.TryReceive(out var id))
                {
                    _messages[(int)id].Drained++;
                }
            }
            catch (EndOfChannelException)
            {
                // Every send handle is closed and the buffer is empty.
            }
        }
    }

    private static IEnumerable<Exception> Leaves(Exception error) =>
        error is AggregateException group ? group.InnerExceptions.SelectMany(Leaves) : [error];

    /// <summary>The scope <paramref name="level"/> levels out from <paramref name="env"/> (0 = innermost), links skipped.</summary>
    private static Frame Target(Env env, int level)
    {
        var target = Scoped(env.Scopes)!;
        for (var i = level; i > 0; i--)
        {
            target = Scoped(target.Parent)!;
        }

        return target;
    }

    private static Frame? Scoped(Frame? frame)
    {
        while (frame is { Scope: null })
        {
            frame = frame.Parent;
        }

        return frame;
    }

    /// <summary>Notes a deadline the clock may jump to; one at or before now names no new instant.</summary>
    private void AddDeadline(long deadline, long now)
    {
        if (deadline > now)
        {
            _deadlines.Add(deadline);
        }
    }

    private static string Seconds(long ticks) => $"{TimeSpan.FromTicks(ticks).TotalSeconds} s";

    private int NewTask()
    {
        _tasks.Add(new TaskRecord(_tasks.Count));
        return _tasks.Count - 1;
    }

    private void Begin(Env env)
    {
        var task = _tasks[env.Task];
        Expect(!task.Started, $"task {env.Task} started twice");
        task.Started = true;
        task.Runtime = Trio.CurrentTask("test");
        Stamp(env);
    }

    private void End(Env env)
    {
        Stamp(env);
        _tasks[env.Task].Ended = true;
    }

    /// <summary>Records that <paramref name="env"/>'s task ran a step now, checks where and when it ran, and returns the time.</summary>
    private long Stamp(Env env)
    {
        var task = _tasks[env.Task];
        Expect(!_runReturned, "a step ran after Trio.Run returned");
        Expect(Environment.CurrentManagedThreadId == _loopThread, $"task {env.Task} ran off the loop's thread");
        Expect(!task.Ended, $"task {env.Task} ran after it ended");
        var runtime = Trio.CurrentTask("test");
        Expect(ReferenceEquals(runtime, task.Runtime), $"task {env.Task}'s step ran as another task");
        CheckScopes(runtime.Scope, env);
        var now = Trio.CurrentTime.Ticks;
        Expect(now >= _lastTime, $"the clock went back from {Seconds(_lastTime)} to {Seconds(now)}");
        _lastTime = now;
        _eventTimes.Add(now);
        _interleaving.Add((env.Task, now));
        _events++;
        return now;
    }

    /// <summary>The scopes the task runs in, innermost first, are exactly those the program entered around the step.</summary>
    private void CheckScopes(CancelScope runtime, Env env)
    {
        var depth = 0;
        for (var frame = Scoped(env.Scopes); frame is not null; frame = Scoped(frame.Parent), depth++)
        {
            if (runtime != frame.Scope)
            {
                Violation($"task {env.Task} runs in another scope than the program entered, {depth} level(s) out");
                return;
            }

            runtime = runtime.Parent!;
        }

        Expect(runtime.Parent is null, $"task {env.Task} runs inside more scopes than the program entered");
    }

    private void Expect(bool condition, string violation)
    {
        if (!condition)
        {
            Violation(violation);
        }
    }

    private void Violation(string violation) => _violations.Add($"[{_policy}] {violation}");

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
