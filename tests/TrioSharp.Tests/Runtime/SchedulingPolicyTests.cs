namespace TrioSharp.Tests.Runtime;

public class SchedulingPolicyTests
{
    private const int Children = 8;
    private const int Rounds = 5;

    [Fact]
    public void Scheduling_NotSet_IsFifo()
    {
        Assert.Equal(SchedulingPolicy.Fifo, new TrioRunOptions().Scheduling);
    }

    [Fact]
    public void Run_Fifo_RunsEachBatchInTheOrderTasksBecameRunnable()
    {
        var steps = RunRacyProgram(SchedulingPolicy.Fifo);

        var expected = Enumerable.Range(0, Rounds).SelectMany(round => Enumerable.Range(0, Children).Select(child => (child, round)));
        Assert.Equal(expected, steps);
    }

    [Fact]
    public void Run_ShuffledWithTheSameSeed_ReproducesTheInterleaving()
    {
        var first = RunRacyProgram(SchedulingPolicy.Shuffled(42));
        var second = RunRacyProgram(SchedulingPolicy.Shuffled(42));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Run_ShuffledWithDifferentSeeds_InterleavesDifferently()
    {
        var orders = Enumerable.Range(1, 4).Select(seed => RunRacyProgram(SchedulingPolicy.Shuffled(seed))).ToList();

        Assert.Equal(orders.Count, orders.Distinct(new SequenceComparer()).Count());
        Assert.DoesNotContain(RunRacyProgram(SchedulingPolicy.Fifo), orders, new SequenceComparer());
    }

    [Fact]
    public void Run_Shuffled_ReordersOnlyWithinABatch()
    {
        var steps = RunRacyProgram(SchedulingPolicy.Shuffled(7));

        // A step queued during a batch runs in the next one, so every child's round r precedes any round r + 1.
        Assert.Equal(steps.Select(s => s.Round).Order(), steps.Select(s => s.Round));
        Assert.Equal(Children * Rounds, steps.Distinct().Count());
    }

    [Fact]
    public void Run_ReverseCoinFlip_RunsEachBatchForwardOrBackward()
    {
        var steps = RunRacyProgram(SchedulingPolicy.ReverseCoinFlip(3));

        var batches = steps.Chunk(Children).Select(batch => batch.Select(s => s.Child).ToArray()).ToList();
        var forward = Enumerable.Range(0, Children).ToArray();
        var backward = forward.Reverse().ToArray();
        Assert.All(batches, batch => Assert.True(batch.SequenceEqual(forward) || batch.SequenceEqual(backward)));
        Assert.Contains(batches, batch => batch.SequenceEqual(forward));
        Assert.Contains(batches, batch => batch.SequenceEqual(backward));
    }

    [Fact]
    public void Run_Shuffled_StillResumesSleepersAtOneInstantInRegistrationOrder()
    {
        var woken = new List<int>();

        TestEntry.Run(
            () => Nursery.RunAsync(n =>
            {
                for (var i = 0; i < Children; i++)
                {
                    var child = i;
                    n.StartSoon(async () =>
                    {
                        // Register the deadlines in child order whatever order the first steps ran in.
                        await Trio.Sleep(child);
                        await Trio.SleepUntil(TimeSpan.FromSeconds(10));
                        woken.Add(child);
                    });
                }

                return Task.CompletedTask;
            }),
            new TrioRunOptions { Clock = new VirtualClock(), Scheduling = SchedulingPolicy.Shuffled(5) });

        Assert.Equal(Enumerable.Range(0, Children), woken);
    }

    [Fact]
    public void ToString_EachPolicy_NamesItAndItsSeed()
    {
        Assert.Equal("Fifo", SchedulingPolicy.Fifo.ToString());
        Assert.Equal("Shuffled(12)", SchedulingPolicy.Shuffled(12).ToString());
        Assert.Equal("ReverseCoinFlip(3)", SchedulingPolicy.ReverseCoinFlip(3).ToString());
    }

    private static List<(int Child, int Round)> RunRacyProgram(SchedulingPolicy policy)
    {
        var steps = new List<(int Child, int Round)>();
        TestEntry.Run(
            () => Nursery.RunAsync(n =>
            {
                for (var i = 0; i < Children; i++)
                {
                    var child = i;
                    n.StartSoon(async () =>
                    {
                        for (var round = 0; round < Rounds; round++)
                        {
                            steps.Add((child, round));
                            await Trio.Checkpoint();
                        }
                    });
                }

                return Task.CompletedTask;
            }),
            new TrioRunOptions { Clock = new VirtualClock(), Scheduling = policy });
        return steps;
    }

    private sealed class SequenceComparer : IEqualityComparer<List<(int Child, int Round)>>
    {
        public bool Equals(List<(int Child, int Round)>? x, List<(int Child, int Round)>? y) => x!.SequenceEqual(y!);

        public int GetHashCode(List<(int Child, int Round)> obj) => obj.Aggregate(17, (hash, step) => HashCode.Combine(hash, step));
    }
}
