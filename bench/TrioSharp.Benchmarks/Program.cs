using BenchmarkDotNet.Running;

namespace TrioSharp.Benchmarks;

/// <summary>Runs the benchmarks selected on the command line (for example <c>--filter '*Channel*'</c>).</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
