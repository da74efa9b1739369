namespace TrioSharp;

/// <summary>
/// The order in which the loop runs the steps of one batch (the tasks that became runnable during the previous
/// batch): FIFO by default, or reordered by a seeded random generator to show that a program does not depend on an
/// accidental order.
/// </summary>
/// <remarks>
/// Only the order inside a batch changes: a step queued during a batch still runs in the next one, a sleeper is
/// still resumed the moment its deadline fires, and a nursery's parent still resumes as its last child exits. The
/// same seed gives the same interleaving on every run of the same program (as long as no outside work, such as a
/// thread-pool task, races with the loop).
/// </remarks>
public sealed record SchedulingPolicy
{
    private SchedulingPolicy(BatchOrder order, int seed)
    {
        Order = order;
        Seed = seed;
    }

    /// <summary>Steps run in the order they became runnable: deterministic, and the default.</summary>
    public static SchedulingPolicy Fifo { get; } = new(BatchOrder.Fifo, 0);

    /// <summary>The seed of the random generator; 0 for <see cref="Fifo"/>.</summary>
    public int Seed { get; }

    /// <summary>How each batch is reordered.</summary>
    internal BatchOrder Order { get; }

    /// <summary>Each batch runs in a random order (a uniform shuffle) drawn from a generator seeded with <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed of the order: the same seed gives the same interleaving.</param>
    /// <returns>The policy.</returns>
    public static SchedulingPolicy Shuffled(int seed) => new(BatchOrder.Shuffled, seed);

    /// <summary>
    /// Each batch runs forward or backward with even odds, drawn from a generator seeded with <paramref name="seed"/>:
    /// what Trio itself does in production to avoid a systematic bias at little cost.
    /// </summary>
    /// <param name="seed">The seed of the order: the same seed gives the same interleaving.</param>
    /// <returns>The policy.</returns>
    public static SchedulingPolicy ReverseCoinFlip(int seed) => new(BatchOrder.ReverseCoinFlip, seed);

    /// <inheritdoc/>
    public override string ToString() => Order == BatchOrder.Fifo ? "Fifo" : $"{Order}({Seed})";

    /// <summary>The ways a batch can be ordered.</summary>
    internal enum BatchOrder
    {
        Fifo,
        Shuffled,
        ReverseCoinFlip,
    }
}
