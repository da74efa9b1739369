using System.Text;

namespace TrioSharp.Tests.Properties;

/// <summary>
/// A generated program: channels and resources shared by every task, a tree of steps run by the main task inside a
/// global deadline, and the schedules it is run under.
/// </summary>
internal sealed record RandomProgram(ChannelSpec[] Channels, ResourceSpec[] Resources, Step[] Main, SchedulingPolicy[] Schedules)
{
    /// <summary>Every program runs inside a scope with this timeout, so every run ends.</summary>
    public const int GlobalTimeout = 60;

    /// <summary>How many steps the program has, nested ones included.</summary>
    public int Size => Step.SizeOf(Main);

    /// <summary>The program as indented pseudo-code, for the failure report.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.Append("channels: ").AppendJoin(", ", Channels.Select((c, i) => $"c{i} = {c}")).AppendLine();
        text.Append("resources: ").AppendJoin(", ", Resources.Select((r, i) => $"r{i} = {r}")).AppendLine();
        text.Append("schedules: ").AppendJoin(", ", Schedules).AppendLine();
        text.Append("main, inside a ").Append(GlobalTimeout).AppendLine(" s scope:");
        Step.Print(text, Main, 1);
        return text.ToString();
    }
}

/// <summary>A memory channel; a null capacity is unbounded.</summary>
internal sealed record ChannelSpec(int? Capacity)
{
    public override string ToString() => Capacity is { } capacity ? $"capacity {capacity}" : "unbounded";
}

/// <summary>A capacity limiter, a semaphore (initial = max = tokens) or a lock.</summary>
internal sealed record ResourceSpec(ResourceKind Kind, int Tokens)
{
    public override string ToString() => Kind == ResourceKind.Lock ? "TrioLock" : $"{Kind}({Tokens})";
}

internal enum ResourceKind
{
    CapacityLimiter,
    TrioSemaphore,
    Lock,
}

/// <summary>One statement of a generated program.</summary>
internal abstract record Step
{
    public static void Print(StringBuilder text, IEnumerable<Step> steps, int depth)
    {
        foreach (var step in steps)
        {
            step.Print(text, depth);
        }
    }

    public static int SizeOf(IEnumerable<Step> steps) => steps.Sum(step => 1 + step.Inner.Sum(SizeOf));

    public abstract void Print(StringBuilder text, int depth);

    /// <summary>The blocks nested in this step.</summary>
    public virtual IEnumerable<Step[]> Inner => [];

    /// <summary>Whether a shielded scope is entered anywhere inside this step.</summary>
    public virtual bool ContainsShield => Inner.Any(block => block.Any(step => step.ContainsShield));

    protected static StringBuilder Line(StringBuilder text, int depth, string line) =>
        text.Append(' ', depth * 2).AppendLine(line);
}

/// <summary><c>Trio.Sleep(seconds)</c>; 0 is a checkpoint.</summary>
internal sealed record SleepStep(int Seconds) : Step
{
    public override void Print(StringBuilder text, int depth) =>
        Line(text, depth, Seconds == 0 ? "checkpoint" : $"sleep {Seconds}");
}

/// <summary>Throws a fresh error that must reach the top exactly once.</summary>
internal sealed record ThrowStep : Step
{
    public override void Print(StringBuilder text, int depth) => Line(text, depth, "throw");
}

/// <summary>Cancels the scope <see cref="Level"/> levels out (0 = innermost, nursery scopes count).</summary>
internal sealed record CancelStep(int Level) : Step
{
    public override void Print(StringBuilder text, int depth) => Line(text, depth, $"cancel scope {Level} out");
}

/// <summary>Sets the deadline of the scope <see cref="Level"/> levels out to now + <see cref="Seconds"/>.</summary>
internal sealed record DeadlineStep(int Level, int Seconds) : Step
{
    public override void Print(StringBuilder text, int depth) =>
        Line(text, depth, $"deadline of scope {Level} out = now + {Seconds}");
}

/// <summary>Turns off the shield of the scope <see cref="Level"/> levels out.</summary>
internal sealed record UnshieldStep(int Level) : Step
{
    public override void Print(StringBuilder text, int depth) => Line(text, depth, $"unshield scope {Level} out");
}

/// <summary>Sends <see cref="Count"/> messages, through the shared send handle or a clone closed afterwards.</summary>
internal sealed record SendStep(int Channel, int Count, bool ThroughClone) : Step
{
    public override void Print(StringBuilder text, int depth) =>
        Line(text, depth, $"send {Count} on c{Channel}{(ThroughClone ? " through a clone" : string.Empty)}");
}

/// <summary>Receives up to <see cref="Count"/> messages, through the shared receive handle or a clone closed afterwards.</summary>
internal sealed record ReceiveStep(int Channel, int Count, bool ThroughClone) : Step
{
    public override void Print(StringBuilder text, int depth) =>
        Line(text, depth, $"receive {Count} from c{Channel}{(ThroughClone ? " through a clone" : string.Empty)}");
}

/// <summary>Closes the shared send handle or the shared receive handle of a channel.</summary>
internal sealed record CloseStep(int Channel, bool Receiver) : Step
{
    public override void Print(StringBuilder text, int depth) =>
        Line(text, depth, $"close c{Channel}'s {(Receiver ? "receive" : "send")} handle");
}

/// <summary>Runs <see cref="Body"/> holding one token of a resource.</summary>
internal sealed record AcquireStep(int Resource, Step[] Body) : Step
{
    public override IEnumerable<Step[]> Inner => [Body];

    public override void Print(StringBuilder text, int depth)
    {
        Line(text, depth, $"holding r{Resource}:");
        Print(text, Body, depth + 1);
    }
}

/// <summary>A cancel scope with an optional timeout (seconds from entry); a shielded one always has one.</summary>
internal sealed record ScopeStep(int? Timeout, bool Shield, Step[] Body) : Step
{
    public override IEnumerable<Step[]> Inner => [Body];

    public override bool ContainsShield => Shield || base.ContainsShield;

    public override void Print(StringBuilder text, int depth)
    {
        var timeout = Timeout is { } t ? $" timeout {t}" : string.Empty;
        Line(text, depth, $"scope{timeout}{(Shield ? " shielded" : string.Empty)}:");
        Print(text, Body, depth + 1);
    }
}

/// <summary>A nursery: children started first (in order), then the body, which counts as a child.</summary>
internal sealed record NurseryStep(ChildSpec[] Children, Step[] Body) : Step
{
    public override IEnumerable<Step[]> Inner => [.. Children.Select(child => child.Body), Body];

    public override void Print(StringBuilder text, int depth)
    {
        Line(text, depth, "nursery:");
        foreach (var child in Children)
        {
            Line(text, depth + 1, child.Describe());
            Print(text, child.Body, depth + 2);
        }

        Line(text, depth + 1, "body:");
        Print(text, Body, depth + 2);
    }
}

/// <summary>Starts a child in the nursery <see cref="Child"/>.<see cref="Level"/> nurseries out (0 = innermost) from wherever this step runs.</summary>
internal sealed record SpawnStep(int Level, ChildSpec Child) : Step
{
    public override IEnumerable<Step[]> Inner => [Child.Body];

    public override void Print(StringBuilder text, int depth)
    {
        Line(text, depth, $"in nursery {Level} out, {Child.Describe()}");
        Print(text, Child.Body, depth + 1);
    }
}

/// <summary>
/// A nursery child, started with StartSoon or with StartAsync; a StartAsync child is started by the first
/// <see cref="StartedStep"/> that runs in it (or in a StartSoon task it opened), else when its body ends.
/// </summary>
internal sealed record ChildSpec(Step[] Body, bool ViaStart)
{
    public string Describe() => ViaStart ? "StartAsync:" : "StartSoon:";
}

/// <summary>Calls <c>Started()</c> for the StartAsync child this step runs in (a no-op once it was called).</summary>
internal sealed record StartedStep : Step
{
    public override void Print(StringBuilder text, int depth) => Line(text, depth, "Started()");
}
