namespace TrioSharp.Tests.Properties;

/// <summary>
/// Runs one generated program under one schedule on a virtual clock, records what every step saw, and returns every
/// invariant it found broken (see "Invariants and how they are checked" in docs/design.md).
/// </summary>
internal sealed partial class ProgramRun
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

    private List<string> Execute()
    {
        Exception? escaped = null;
        long finalTime = 0;
        try
        {
            TestEntry.Run(
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

    private void Expect(bool condition, string violation)
    {
        if (!condition)
        {
            Violation(violation);
        }
    }

    private void Violation(string violation) => _violations.Add($"[{_policy}] {violation}");
}
