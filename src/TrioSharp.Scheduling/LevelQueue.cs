namespace TrioSharp.Scheduling;

/// <summary>One level's pending tasks in arrival order; each entry keeps its node, so removal is O(1).</summary>
internal sealed class LevelQueue
{
    private readonly LinkedList<ScheduledEntry> _entries = new();

    internal ScheduledEntry? First => _entries.First?.Value;

    internal void Append(ScheduledEntry entry) => entry.QueueNode = _entries.AddLast(entry);

    internal void Remove(ScheduledEntry entry)
    {
        _entries.Remove(entry.QueueNode!);
        entry.QueueNode = null;
    }
}
