using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace TrioSharp.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (<c>--filter '*'</c> for all of them).</summary>
public static class Program
{
    /// <summary>Runs the selected benchmarks; returns 1 when any of them failed to build or run.</summary>
    public static int Main(string[] args)
    {
        // The Baseline column (Yes/No) lets bench/report.py tell the BCL side from the TrioSharp side in the
        // exported CSV, which the JSON export does not record.
        var config = DefaultConfig.Instance.AddColumn(BaselineColumn.Default);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success))
            ? 1
            : 0;
    }
}
