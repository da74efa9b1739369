namespace TrioSharp.Tests.Properties;

/// <summary>
/// Shrinks a failing program by structure: drops steps and children, inlines blocks, lowers counts and durations,
/// and keeps each change that still fails, until no single change does. CsCheck's own shrinking regenerates
/// random cases, which rarely finds a small tree; this one ends at a program a person can read.
/// </summary>
internal static class ProgramShrinker
{
    private const int MaxAttempts = 20_000;

    /// <summary>The first schedule <paramref name="program"/> fails under, with what broke; null if it passes them all.</summary>
    public static Failure? Check(RandomProgram program)
    {
        foreach (var policy in program.Schedules)
        {
            var violations = ProgramRun.Check(program, policy);
            if (violations.Count > 0)
            {
                return new Failure(program with { Schedules = [policy] }, violations);
            }
        }

        return null;
    }

    /// <summary>The smallest failing program reachable from <paramref name="failure"/> one change at a time.</summary>
    public static Failure Shrink(Failure failure)
    {
        var attempts = 0;
        var improved = true;
        while (improved && attempts < MaxAttempts)
        {
            improved = false;
            foreach (var candidate in Candidates(failure.Program))
            {
                if (++attempts > MaxAttempts)
                {
                    break;
                }

                var normalized = ProgramGen.Normalize(candidate);
                var violations = ProgramRun.Check(normalized, normalized.Schedules[0]);
                if (violations.Count > 0)
                {
                    failure = new Failure(normalized, violations);
                    improved = true;
                    break;
                }
            }
        }

        return failure;
    }

    private static IEnumerable<RandomProgram> Candidates(RandomProgram program)
    {
        if (program.Schedules[0] != SchedulingPolicy.Fifo)
        {
            yield return program with { Schedules = [SchedulingPolicy.Fifo] };
        }

        foreach (var main in Smaller(program.Main))
        {
            yield return program with { Main = main };
        }

        if (program.Channels.Length > 1)
        {
            yield return program with { Channels = program.Channels[..^1] };
        }

        for (var i = 0; i < program.Channels.Length; i++)
        {
            if (program.Channels[i].Capacity is not 0)
            {
                var channels = (ChannelSpec[])program.Channels.Clone();
                channels[i] = new ChannelSpec(program.Channels[i].Capacity is { } capacity ? capacity - 1 : 4);
                yield return program with { Channels = channels };
            }
        }

        if (program.Resources.Length > 1)
        {
            yield return program with { Resources = program.Resources[..^1] };
        }
    }

    private static IEnumerable<Step[]> Smaller(Step[] steps)
    {
        for (var i = 0; i < steps.Length; i++)
        {
            yield return [.. steps[..i], .. steps[(i + 1)..]];
        }

        for (var i = 0; i < steps.Length; i++)
        {
            foreach (var replacement in Smaller(steps[i]))
            {
                yield return [.. steps[..i], .. replacement, .. steps[(i + 1)..]];
            }
        }
    }

    /// <summary>Simpler replacements for one step, each a sequence of steps.</summary>
    private static IEnumerable<Step[]> Smaller(Step step) => step switch
    {
        AcquireStep acquire => [acquire.Body, .. Smaller(acquire.Body).Select(body => One(acquire with { Body = body }))],
        ScopeStep scope => SmallerScope(scope),
        NurseryStep nursery => SmallerNursery(nursery),
        SendStep send => [.. Lower(send.Count, count => send with { Count = count }), .. send.ThroughClone ? [One(send with { ThroughClone = false })] : Array.Empty<Step[]>()],
        ReceiveStep receive => [.. Lower(receive.Count, count => receive with { Count = count }), .. receive.ThroughClone ? [One(receive with { ThroughClone = false })] : Array.Empty<Step[]>()],
        SpawnStep spawn => SmallerSpawn(spawn),
        UnshieldStep unshield => Lower(unshield.Level, level => unshield with { Level = level }, floor: 0),
        SleepStep sleep => Lower(sleep.Seconds, seconds => sleep with { Seconds = seconds }, floor: 0),
        DeadlineStep deadline => [.. Lower(deadline.Seconds, seconds => deadline with { Seconds = seconds }, floor: 0), .. Lower(deadline.Level, level => deadline with { Level = level }, floor: 0)],
        CancelStep cancel => Lower(cancel.Level, level => cancel with { Level = level }, floor: 0),
        _ => [],
    };

    private static IEnumerable<Step[]> SmallerScope(ScopeStep scope)
    {
        yield return scope.Body;
        if (scope.Timeout is { } timeout)
        {
            foreach (var lower in Lower(timeout, t => scope with { Timeout = t }, floor: 0))
            {
                yield return lower;
            }

            if (!scope.Shield)
            {
                yield return One(scope with { Timeout = null });
            }
        }

        if (scope.Shield)
        {
            yield return One(scope with { Shield = false });
        }

        foreach (var body in Smaller(scope.Body))
        {
            yield return One(scope with { Body = body });
        }
    }

    private static IEnumerable<Step[]> SmallerSpawn(SpawnStep spawn)
    {
        yield return spawn.Child.Body;
        foreach (var lower in Lower(spawn.Level, level => spawn with { Level = level }, floor: 0))
        {
            yield return lower;
        }

        if (spawn.Child.ViaStart)
        {
            yield return One(spawn with { Child = spawn.Child with { ViaStart = false } });
        }

        foreach (var body in Smaller(spawn.Child.Body))
        {
            yield return One(spawn with { Child = spawn.Child with { Body = body } });
        }
    }

    private static IEnumerable<Step[]> SmallerNursery(NurseryStep nursery)
    {
        yield return nursery.Body;
        var children = nursery.Children;
        for (var i = 0; i < children.Length; i++)
        {
            yield return One(nursery with { Children = [.. children[..i], .. children[(i + 1)..]] });
        }

        for (var i = 0; i < children.Length; i++)
        {
            if (children[i].ViaStart)
            {
                yield return One(nursery with { Children = Replace(children, i, children[i] with { ViaStart = false }) });
            }

            foreach (var body in Smaller(children[i].Body))
            {
                yield return One(nursery with { Children = Replace(children, i, children[i] with { Body = body }) });
            }
        }

        foreach (var body in Smaller(nursery.Body))
        {
            yield return One(nursery with { Body = body });
        }
    }

    private static IEnumerable<Step[]> Lower(int value, Func<int, Step> with, int floor = 1)
    {
        if (value > floor)
        {
            yield return One(with(floor));
        }

        if (value - 1 > floor)
        {
            yield return One(with(value - 1));
        }
    }

    private static Step[] One(Step step) => [step];

    private static ChildSpec[] Replace(ChildSpec[] children, int index, ChildSpec child)
    {
        var copy = (ChildSpec[])children.Clone();
        copy[index] = child;
        return copy;
    }

    /// <summary>A program that breaks an invariant under its only schedule, and what broke.</summary>
    public sealed record Failure(RandomProgram Program, IReadOnlyList<string> Violations)
    {
        public override string ToString() =>
            $"{Program.Size} steps:{Program}{string.Join(Environment.NewLine, Violations)}";
    }
}
