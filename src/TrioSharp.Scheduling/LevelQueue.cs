namespace TrioSharp.Scheduling;

/// <summary>One level's pending tasks in arrival order, linked through the entries so removal is O(1).</summary>
internal sealed class LevelQueue
{
    private ScheduledEntry? _tail;

    internal ScheduledEntry? First { get; private set; }

    internal void Append(ScheduledEntry entry)
    {
        entry.QueuePrev = _tail;
        entry.QueueNext = null;
        if (_tail is null)
        {
            First = entry;
        }
        else
        {
            _tail.QueueNext = entry;
        }

        _tail = entry;
    }

    internal void Remove(ScheduledEntry entry)
    {
        if (entry.QueuePrev is null)
        {
            First = entry.QueueNext;
        }
        else
        {
            entry.QueuePrev.QueueNext = entry.QueueNext;
        }

        if (entry.QueueNext is null)
        {
            _tail = entry.QueuePrev;
        }
        else
        {
            entry.QueueNext.QueuePrev = entry.QueuePrev;
        }

        entry.QueuePrev = entry.QueueNext = null;
    }
}
