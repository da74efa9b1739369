namespace TrioSharp.Hosting.Tests;

/// <summary>
/// A thread-safe log of named events that tests wait on: code under test records "victim:started", the test waits
/// until it has been recorded n times. Waits are bounded by a generous real-time guard, so a bug fails instead of hanging.
/// </summary>
internal sealed class Signals
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly Lock _gate = new();
    private readonly List<string> _events = [];
    private readonly List<(string Name, int Count, TaskCompletionSource Done)> _waiters = [];

    /// <summary>Every event recorded, in order.</summary>
    internal IReadOnlyList<string> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    internal int Count(string name)
    {
        lock (_gate)
        {
            return _events.Count(e => e == name);
        }
    }

    internal void Record(string name)
    {
        List<TaskCompletionSource> done = [];
        lock (_gate)
        {
            _events.Add(name);
            foreach (var waiter in _waiters.ToList())
            {
                if (_events.Count(e => e == waiter.Name) >= waiter.Count)
                {
                    _waiters.Remove(waiter);
                    done.Add(waiter.Done);
                }
            }
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Completes once <paramref name="name"/> has been recorded <paramref name="count"/> times.</summary>
    internal Task WaitAsync(string name, int count = 1)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_events.Count(e => e == name) >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((name, count, done));
        }

        return done.Task.WaitAsync(Guard);
    }
}
