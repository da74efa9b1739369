using TrioSharp.Scheduling;

namespace TrioSharp.Cli.Seeds;

/// <summary>
/// Tasks 4a and 4b: the seed's <c>task4a()</c> and <c>task4b()</c> drivers, which live beside the scheduler in
/// <see cref="SeedSchedulerDemo"/> so its tests run the very same code.
/// </summary>
internal static class Task4
{
    public static async Task RunBasicAsync(SeedSettings settings) =>
        WriteTimeline(settings, await SeedSchedulerDemo.Task4aAsync(settings.Output));

    public static async Task RunAdvancedAsync(SeedSettings settings) =>
        WriteTimeline(settings, await SeedSchedulerDemo.Task4bAsync(settings.Output));

    /// <summary>Draws the run as an SVG timeline when --timeline was given; written whole, then renamed.</summary>
    private static void WriteTimeline(SeedSettings settings, PriorityScheduler scheduler)
    {
        if (settings.TimelinePath is not { } path)
        {
            return;
        }

        var partial = path + ".part";
        try
        {
            File.WriteAllText(partial, SchedulerTimeline.ToSvg(scheduler));
            File.Move(partial, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(partial);
            throw new SeedException($"cannot write the timeline to '{path}': {e.Message}", e);
        }
    }
}
