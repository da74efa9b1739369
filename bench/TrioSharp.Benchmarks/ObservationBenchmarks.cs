using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;

namespace TrioSharp.Benchmarks;

/// <summary>
/// The spawn and checkpoint workloads of <see cref="SpawnBenchmarks"/> and <see cref="CheckpointBenchmarks"/>, run
/// unobserved, with an instrument that does nothing, and with a listener on the <c>TrioSharp</c> meter, side by side.
/// </summary>
/// <remarks>
/// Unobserved is the baseline: the loop then holds no observer and pays one null check per event. The no-op instrument
/// shows the price of the dispatch itself; the meter, what recording every event costs.
/// </remarks>
[MemoryDiagnoser]
public class ObservationBenchmarks
{
    private const int Operations = 10_000;

    // Static: a benchmark class may not be sealed, and an unsealed one may not own a disposable field without the full
    // dispose pattern; one listener per benchmark process is what GlobalSetup makes anyway.
    private static MeterListener? s_listener;
    private static long s_recorded;

    /// <summary>What observes each run.</summary>
    public enum Observer
    {
        None,
        NoOpInstrument,
        Meter,
    }

    [Params(Observer.None, Observer.NoOpInstrument, Observer.Meter)]
    public Observer Observed { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Observed != Observer.Meter)
        {
            return;
        }

        s_listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "TrioSharp")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        s_listener.SetMeasurementEventCallback<long>((_, value, _, _) => s_recorded += value);
        s_listener.SetMeasurementEventCallback<double>((_, _, _, _) => s_recorded++);
        s_listener.Start();
    }

    [GlobalCleanup]
    public void Cleanup() => s_listener?.Dispose();

    [Benchmark(OperationsPerInvoke = Operations)]
    public void Spawn() =>
        Trio.Run(
            () => Nursery.RunAsync(nursery =>
            {
                for (var i = 0; i < Operations; i++)
                {
                    nursery.StartSoon(CheckpointOnce);
                }

                return Task.CompletedTask;
            }),
            Options());

    [Benchmark(OperationsPerInvoke = Operations)]
    public void Checkpoint() =>
        Trio.Run(
            async () =>
            {
                for (var i = 0; i < Operations; i++)
                {
                    await Trio.Checkpoint();
                }
            },
            Options());

    private TrioRunOptions? Options() =>
        Observed == Observer.NoOpInstrument ? new TrioRunOptions { Instruments = [NoOpInstrument.Instance] } : null;

    private static async Task CheckpointOnce() => await Trio.Checkpoint();

    private sealed class NoOpInstrument : TrioInstrument
    {
        internal static readonly NoOpInstrument Instance = new();
    }
}
