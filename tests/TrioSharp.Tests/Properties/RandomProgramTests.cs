using CsCheck;

namespace TrioSharp.Tests.Properties;

/// <summary>
/// Random programs (trees of nurseries and cancel scopes whose tasks sleep, throw, cancel, move deadlines, start
/// siblings, use channels and hold limiters, semaphores and locks), run on a virtual clock under FIFO and seeded
/// reorderings, with every invariant of docs/design.md ("Invariants and how they are checked") checked after each run.
/// </summary>
/// <remarks>
/// A failure reports the program shrunk to its smallest failing form and CsCheck's seed; replay it with
/// <c>CsCheck_Seed=&lt;seed&gt; dotnet test tests/TrioSharp.Tests --filter FullyQualifiedName~RandomProgramTests</c>.
/// </remarks>
public class RandomProgramTests
{
    [Fact]
    public void Run_RandomProgramsUnderReorderedSchedules_KeepsEveryInvariant()
    {
        ProgramGen.Program.Sample(
            program =>
            {
                if (ProgramShrinker.Check(program) is { } failure)
                {
                    Assert.Fail($"Smallest failing program, shrunk from {program.Size} steps to {ProgramShrinker.Shrink(failure)}");
                }
            },
            iter: 4000,
            print: program => program.ToString());
    }

    [Fact]
    public void Run_RandomProgramTwiceUnderOneSeed_InterleavesItsStepsIdentically()
    {
        ProgramGen.Program.Sample(
            program =>
            {
                var policy = program.Schedules[1];
                Assert.Equal(ProgramRun.Interleaving(program, policy), ProgramRun.Interleaving(program, policy));
            },
            iter: 500,
            print: program => program.ToString());
    }

    [Fact]
    public void Run_RandomProgramsUnderShuffledSchedules_InterleaveSomeDifferentlyFromFifo()
    {
        var reordered = 0;

        ProgramGen.Program.Sample(
            program =>
            {
                if (!ProgramRun.Interleaving(program, program.Schedules[1]).SequenceEqual(ProgramRun.Interleaving(program, SchedulingPolicy.Fifo)))
                {
                    Interlocked.Increment(ref reordered);
                }
            },
            iter: 200,
            print: program => program.ToString());

        // Most generated programs have several tasks runnable at once, so a shuffle must change some orders.
        Assert.True(reordered >= 20, $"only {reordered} of 200 programs ran in another order when shuffled");
    }
}
