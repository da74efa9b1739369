namespace TrioSharp.Tests.Properties;

/// <summary>The invariants checked during and after a run.</summary>
internal sealed partial class ProgramRun
{
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

    private static IEnumerable<Exception> Leaves(Exception error) =>
        error is AggregateException group ? group.InnerExceptions.SelectMany(Leaves) : [error];
}
