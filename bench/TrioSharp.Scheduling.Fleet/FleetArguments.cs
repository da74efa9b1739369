using System.Globalization;

namespace TrioSharp.Scheduling.Fleet;

/// <summary>The command line: a mode, then <c>--name value</c> pairs.</summary>
internal sealed record FleetArguments(string Mode, string Database, int Jobs, int[] Workers, int Concurrency, int Samples, int Runs, string Schema)
{
    public static FleetArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        string Get(string name, string fallback) => values.TryGetValue(name, out var value) ? value : fallback;
        return new FleetArguments(
            args.Length > 0 ? args[0] : "",
            Get("--db", Environment.GetEnvironmentVariable("TRIOSHARP_PG") ?? ""),
            int.Parse(Get("--jobs", "10000"), CultureInfo.InvariantCulture),
            [.. Get("--workers", "1,2,4").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture))],
            int.Parse(Get("--concurrency", "4"), CultureInfo.InvariantCulture),
            int.Parse(Get("--samples", "200"), CultureInfo.InvariantCulture),
            int.Parse(Get("--runs", "3"), CultureInfo.InvariantCulture),
            Get("--schema", "hangfire"));
    }
}
