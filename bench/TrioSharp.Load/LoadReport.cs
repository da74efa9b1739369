using System.Diagnostics;
using System.Globalization;

namespace TrioSharp.Load;

/// <summary>
/// Samples one workload: its throughput per tenth of the run and the memory it holds at each tenth, then judges
/// both against the stated bounds.
/// </summary>
internal sealed class LoadReport
{
    /// <summary>A late tenth may be at most this many times slower than an early one.</summary>
    public const double MaxSlowdown = 2.0;

    /// <summary>The managed memory a workload may hold, beyond what was held before it, at any tenth.</summary>
    public const long MaxGrowth = 4 << 20;

    /// <summary>The managed memory that may still be held once a workload's run has returned.</summary>
    public const long MaxRetained = 1 << 20;

    private readonly List<Sample> _samples = [];
    private readonly Stopwatch _clock = new();
    private readonly long _total;
    private long _before;
    private long _after;
    private long _done;

    public LoadReport(string what, long total)
    {
        Name = string.Create(CultureInfo.InvariantCulture, $"{total:N0} {what}");
        _total = total;
    }

    public string Name { get; }

    /// <summary>How many items make one tenth of the run.</summary>
    public long Chunk => _total / 10;

    /// <summary>Records the memory held before the workload starts, and starts the clock.</summary>
    public void Begin()
    {
        _before = GC.GetTotalMemory(forceFullCollection: true);
        _clock.Restart();
    }

    /// <summary>Records that <paramref name="items"/> more items are done; samples at every tenth.</summary>
    public void Advance(long items)
    {
        var previous = _done / Chunk;
        _done += items;
        if (_done / Chunk > previous)
        {
            var elapsed = _clock.Elapsed;

            // The forced collection is not part of the workload: the clock stops while it runs.
            _clock.Stop();
            _samples.Add(new Sample(_done, elapsed, GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet));
            _clock.Start();
        }
    }

    /// <summary>Records the memory held once the run has returned and its loop is gone.</summary>
    public void End()
    {
        _clock.Stop();
        _after = GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Prints the table and returns what broke a bound (empty when none did).</summary>
    public List<string> Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"### {Name}");
        output.WriteLine();
        output.WriteLine("| tenth | items done | ms for this tenth | items/s | managed MB held | working set MB |");
        output.WriteLine("|------:|-----------:|-----------------:|--------:|----------------:|---------------:|");
        var previous = TimeSpan.Zero;
        var rates = new List<double>();
        for (var i = 0; i < _samples.Count; i++)
        {
            var sample = _samples[i];
            var spent = sample.Elapsed - previous;
            previous = sample.Elapsed;
            var rate = Chunk / spent.TotalSeconds;
            rates.Add(rate);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {i + 1} | {sample.Done:N0} | {spent.TotalMilliseconds:F0} | {rate:N0} | {Megabytes(sample.Managed):F1} | {Megabytes(sample.WorkingSet):F0} |"));
        }

        var peak = _samples.Max(s => s.Managed) - _before;
        var retained = _after - _before;
        output.WriteLine();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{_total:N0} items in {_clock.Elapsed.TotalSeconds:F2} s; managed memory before {Megabytes(_before):F1} MB, peak growth {Megabytes(peak):F1} MB (bound {Megabytes(MaxGrowth):F0} MB), retained after the run {Megabytes(retained):F2} MB (bound {Megabytes(MaxRetained):F0} MB)."));

        var problems = new List<string>();
        if (peak > MaxGrowth)
        {
            problems.Add($"{Name}: memory grew by {Megabytes(peak):F1} MB during the run (bound {Megabytes(MaxGrowth):F0} MB)");
        }

        if (retained > MaxRetained)
        {
            problems.Add($"{Name}: {Megabytes(retained):F2} MB still held after the run (bound {Megabytes(MaxRetained):F0} MB)");
        }

        // Skip the first tenth (tiered compilation may still be finishing); compare the last three with the three after it.
        var early = Median(rates.Skip(1).Take(3));
        var late = Median(rates.TakeLast(3));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Throughput: tenths 2-4 median {early:N0}/s, tenths 8-10 median {late:N0}/s (a late tenth may be at most {MaxSlowdown}x slower)."));
        if (late * MaxSlowdown < early)
        {
            problems.Add($"{Name}: the late tenths ran at {late:N0}/s against {early:N0}/s early");
        }

        return problems;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);

    private readonly record struct Sample(long Done, TimeSpan Elapsed, long Managed, long WorkingSet);
}
