using CsCheck;

namespace TrioSharp.Tests.Properties;

/// <summary>Generators of random programs: small trees (three levels of nesting) so that a run takes microseconds.</summary>
internal static class ProgramGen
{
    private const int MaxDepth = 3;

    private static readonly Gen<Step> Leaf = Gen.Frequency(
        (6, Gen.Int[0, 3].Select(seconds => (Step)new SleepStep(seconds))),
        (1, Gen.Const<Step>(new ThrowStep())),
        (1, Gen.Int[0, 4].Select(level => (Step)new CancelStep(level))),
        (1, Gen.Select(Gen.Int[0, 4], Gen.Int[0, 5], (level, seconds) => (Step)new DeadlineStep(level, seconds))),
        (6, Gen.Select(Gen.Int[0, 1], Gen.Int[1, 4], Gen.Int[0, 3], (channel, count, clone) => (Step)new SendStep(channel, count, clone == 0))),
        (6, Gen.Select(Gen.Int[0, 1], Gen.Int[1, 5], Gen.Int[0, 3], (channel, count, clone) => (Step)new ReceiveStep(channel, count, clone == 0))),
        (1, Gen.Int[0, 4].Select(level => (Step)new UnshieldStep(level))),
        (1, Gen.Const<Step>(new StartedStep())),
        (1, Gen.Select(Gen.Int[0, 1], Gen.Int[0, 2], (channel, which) => (Step)new CloseStep(channel, which == 0))));

    private static readonly Gen<Step>[] StepsAtDepth = new Gen<Step>[MaxDepth + 1];

    private static readonly Gen<Step>[] NurseriesAtDepth = BuildSteps();

    private static readonly Gen<ChannelSpec> Channel = Gen.Frequency(
        (2, Gen.Const(new ChannelSpec(0))),
        (2, Gen.Const(new ChannelSpec(1))),
        (1, Gen.Int[2, 4].Select(capacity => new ChannelSpec(capacity))),
        (1, Gen.Const(new ChannelSpec(null))));

    private static readonly Gen<ResourceSpec> Resource = Gen.Frequency(
        (1, Gen.Int[1, 3].Select(tokens => new ResourceSpec(ResourceKind.CapacityLimiter, tokens))),
        (1, Gen.Int[1, 3].Select(tokens => new ResourceSpec(ResourceKind.TrioSemaphore, tokens))),
        (1, Gen.Const(new ResourceSpec(ResourceKind.Lock, 1))));

    /// <summary>
    /// A whole program, run under FIFO and three seeded reorderings. It opens with a nursery, so that tasks run
    /// concurrently and meet on the channels and resources.
    /// </summary>
    public static readonly Gen<RandomProgram> Program = Gen.Select(
        Channel.Array[1, 2],
        Resource.Array[1, 3],
        Gen.Select(NurseriesAtDepth[MaxDepth], StepsAtDepth[MaxDepth].Array[0, 2], (nursery, rest) => new[] { nursery }.Concat(rest).ToArray()),
        Gen.Int.Array[3],
        (channels, resources, main, seeds) => Normalize(new RandomProgram(
            channels,
            resources,
            main,
            [SchedulingPolicy.Fifo, SchedulingPolicy.Shuffled(seeds[0]), SchedulingPolicy.ReverseCoinFlip(seeds[1]), SchedulingPolicy.Shuffled(seeds[2])])));

    /// <summary>
    /// Resolves every index against what exists where the step runs (channels, resources, enclosing scopes counting
    /// the global one), so the printed program says exactly what runs, however it was generated or shrunk.
    /// </summary>
    public static RandomProgram Normalize(RandomProgram program) =>
        program with { Main = Normalize(program.Main, (program.Channels.Length, program.Resources.Length), 1, [], inStart: false) };

    /// <summary>Fills <see cref="StepsAtDepth"/> and returns the nurseries at each depth.</summary>
    private static Gen<Step>[] BuildSteps()
    {
        var steps = StepsAtDepth;
        var nurseries = new Gen<Step>[MaxDepth + 1];
        steps[0] = Leaf;
        for (var depth = 1; depth <= MaxDepth; depth++)
        {
            var inner = steps[depth - 1].Array[0, 4];
            var child = Gen.Select(steps[depth - 1].Array[1, 5], Gen.Int[-6, 8], Gen.Int[0, 2], ChildOf);
            nurseries[depth] = Gen.Select(child.Array[1, 4], inner, (children, body) => (Step)new NurseryStep(children, body));
            steps[depth] = Gen.Frequency(
                (8, Leaf),
                (3, nurseries[depth]),
                (2, Gen.Select(Gen.Int[0, 2], child, (level, spawned) => (Step)new SpawnStep(level, spawned))),
                (2, Gen.Select(Gen.Int[-2, 5], Gen.Int[0, 3], inner, (timeout, shield, body) => (Step)ScopeOf(timeout, shield == 0, body))),
                (1, Gen.Select(Gen.Int[0, 2], inner, (resource, body) => (Step)new AcquireStep(resource, body))));
        }

        return nurseries;
    }

    /// <summary>
    /// A StartSoon child when <paramref name="startedAt"/> is negative, else a StartAsync child that calls Started()
    /// at that place in a depth-first walk of its body (often inside a scope, a held resource or a task it opened);
    /// one in three such bodies is wrapped in a scope, so Started() moves a scope the child has open (rule S9).
    /// </summary>
    private static ChildSpec ChildOf(Step[] body, int startedAt, int wrap)
    {
        if (startedAt < 0)
        {
            return new(body, false);
        }

        Step[] wrapped = wrap == 0 ? [new ScopeStep(null, false, body)] : body;
        return new(InsertStarted(wrapped, ref startedAt) ?? [.. wrapped, new StartedStep()], true);
    }

    /// <summary>Inserts Started() at the <paramref name="place"/>-th place of a depth-first walk, or returns null if there are fewer.</summary>
    private static Step[]? InsertStarted(Step[] steps, ref int place)
    {
        for (var i = 0; i <= steps.Length; i++)
        {
            if (place-- == 0)
            {
                return [.. steps[..i], new StartedStep(), .. steps[i..]];
            }

            if (i < steps.Length && InsertStarted(steps[i], ref place) is { } replaced)
            {
                return [.. steps[..i], replaced, .. steps[(i + 1)..]];
            }
        }

        return null;
    }

    private static Step? InsertStarted(Step step, ref int place)
    {
        switch (step)
        {
            case ScopeStep scope when InsertStarted(scope.Body, ref place) is { } body:
                return scope with { Body = body };
            case AcquireStep acquire when InsertStarted(acquire.Body, ref place) is { } body:
                return acquire with { Body = body };
            case NurseryStep nursery when InsertStarted(nursery.Body, ref place) is { } body:
                return nursery with { Body = body };
            case NurseryStep nursery:
                for (var i = 0; i < nursery.Children.Length; i++)
                {
                    if (!nursery.Children[i].ViaStart && InsertStarted(nursery.Children[i].Body, ref place) is { } childBody)
                    {
                        var children = (ChildSpec[])nursery.Children.Clone();
                        children[i] = children[i] with { Body = childBody };
                        return nursery with { Children = children };
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <param name="steps">The block to resolve.</param>
    /// <param name="limits">How many channels and resources exist.</param>
    /// <param name="scopes">How many scopes enclose the block.</param>
    /// <param name="nurseries">The number of scopes around each enclosing nursery's own scope, innermost first.</param>
    /// <param name="inStart">Whether the block runs for a StartAsync child that a <see cref="StartedStep"/> can start.</param>
    private static Step[] Normalize(Step[] steps, (int Channels, int Resources) limits, int scopes, int[] nurseries, bool inStart) =>
    [
        .. steps.SelectMany(step => step switch
        {
            CancelStep cancel => [cancel with { Level = cancel.Level % scopes }],
            DeadlineStep deadline => [deadline with { Level = deadline.Level % scopes }],
            UnshieldStep unshield => [unshield with { Level = unshield.Level % scopes }],
            SendStep send => [send with { Channel = send.Channel % limits.Channels }],
            ReceiveStep receive => [receive with { Channel = receive.Channel % limits.Channels }],
            CloseStep close => [close with { Channel = close.Channel % limits.Channels }],
            AcquireStep acquire => [acquire with
            {
                Resource = acquire.Resource % limits.Resources,
                Body = Normalize(acquire.Body, limits, scopes, nurseries, inStart),
            }],
            ScopeStep scope => [scope with { Body = Normalize(scope.Body, limits, scopes + 1, nurseries, inStart) }],
            NurseryStep nursery => [nursery with
            {
                Children = [.. nursery.Children.Select(child => Normalize(child, limits, scopes + 1, [scopes + 1, .. nurseries], inStart))],
                Body = Normalize(nursery.Body, limits, scopes + 1, [scopes + 1, .. nurseries], inStart),
            }],

            // Outside every nursery there is nowhere to start a child: the body runs in place.
            SpawnStep spawn when nurseries.Length == 0 => Normalize(spawn.Child.Body, limits, scopes, nurseries, inStart),
            SpawnStep spawn => [Spawn(spawn, spawn.Level % nurseries.Length, limits, nurseries)],
            StartedStep when !inStart => [],
            _ => [step],
        }),
    ];

    // A child's steps see the scopes and nurseries around its nursery (before Started(), a StartAsync child runs in
    // its caller's deeper scopes, so the same levels are valid there).
    private static SpawnStep Spawn(SpawnStep spawn, int level, (int Channels, int Resources) limits, int[] nurseries) =>
        new(level, Normalize(spawn.Child, limits, nurseries[level], nurseries[level..], inStart: false));

    // A StartSoon child's steps may start the StartAsync child it was opened in; a StartAsync child starts itself.
    private static ChildSpec Normalize(ChildSpec child, (int Channels, int Resources) limits, int scopes, int[] nurseries, bool inStart) =>
        child with { Body = Normalize(child.Body, limits, scopes, nurseries, inStart || child.ViaStart) };

    // A shielded scope always gets a deadline: otherwise a shielded wait on a channel nobody sends on could block
    // forever, and the run would end in a deadlock report instead of checking the invariants.
    private static ScopeStep ScopeOf(int timeout, bool shield, Step[] body) =>
        new(timeout >= 0 ? timeout : shield ? 5 : null, shield, body);
}
