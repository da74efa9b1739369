namespace TrioSharp.Scheduling;

/// <summary>One level's pending tasks in arrival order, linked through the entries so removal is O(1).</summary>
internal sealed class LevelQueue
{
    private IntrusiveList<ScheduledEntry, ScheduledEntry.InLevel> _entries;

    internal ScheduledEntry? First => _entries.First;

    internal void Append(ScheduledEntry entry) => _entries.AddLast(entry);

    internal void Remove(ScheduledEntry entry) => _entries.Remove(entry);
}
