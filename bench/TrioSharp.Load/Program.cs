using TrioSharp.Load;

// Load run: `dotnet run -c Release --project bench/TrioSharp.Load` (pass a scale such as 0.1 for a quick try).
// Exits 1 when memory grows past a bound or the loop slows down over the run (see LoadReport).
var scale = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1.0;
(LoadReport Report, Action<LoadReport> Run)[] workloads =
[
    (new LoadReport("tasks through nurseries", (long)(1_000_000 * scale)), Workloads.Tasks),
    (new LoadReport("channel messages", (long)(10_000_000 * scale)), Workloads.Messages),
    (new LoadReport("cancel scopes with deadlines", (long)(100_000 * scale)), Workloads.Deadlines),
];

var problems = new List<string>();
Console.WriteLine($"TrioSharp load run on .NET {Environment.Version}, {Environment.ProcessorCount} cores, scale {scale}.");
foreach (var (report, run) in workloads)
{
    // A twentieth of the workload first, unreported, so the tenths compare JIT-compiled code with itself.
    run(new LoadReport("warm-up", Math.Max(10, report.Chunk / 2)));
    report.Begin();
    run(report);
    report.End();
    problems.AddRange(report.Print(Console.Out));
}

Console.WriteLine();
foreach (var problem in problems)
{
    Console.WriteLine($"FAIL: {problem}");
}

Console.WriteLine(problems.Count == 0 ? "PASS: every bound held." : $"{problems.Count} bound(s) broken.");
return problems.Count == 0 ? 0 : 1;
