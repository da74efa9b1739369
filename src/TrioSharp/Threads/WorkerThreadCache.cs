namespace TrioSharp;

/// <summary>
/// The threads <see cref="Trio.ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/> runs functions on: the thread pool
/// for the first few at a time, dedicated cached threads beyond that.
/// </summary>
/// <remarks>
/// Functions sent to a thread are expected to block (a file API, a synchronous driver). A few of them on the thread pool
/// cost nothing (the pool keeps as many threads as cores ready), and a pool work item is the cheapest hand-off there is.
/// Forty of them would hold forty pool threads and starve every continuation in the process while the pool slowly
/// injects more; so once as many functions as there are cores run on the pool, further ones go to dedicated threads,
/// kept idle for a while and reused, as Trio's thread cache.
/// </remarks>
internal static class WorkerThreadCache
{
    /// <summary>How long an idle thread waits for another function before it exits.</summary>
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(10);

    /// <summary>How many functions may run on the thread pool at once: the threads it keeps ready without injecting more.</summary>
    private static readonly int s_poolShare = Environment.ProcessorCount;

    private static readonly Lock s_gate = new();
    private static readonly Stack<CachedThread> s_idle = new();
    private static int s_onPool;

    /// <summary>Takes a share of the thread pool for one function, if one is left; give it back with <see cref="LeavePool"/>.</summary>
    internal static bool TryTakePoolShare()
    {
        if (Interlocked.Increment(ref s_onPool) <= s_poolShare)
        {
            return true;
        }

        Interlocked.Decrement(ref s_onPool);
        return false;
    }

    /// <summary>Gives back the pool share of a function that ran on the pool.</summary>
    internal static void LeavePool() => Interlocked.Decrement(ref s_onPool);

    /// <summary>Runs <paramref name="work"/> on an idle cached thread, or on a new one.</summary>
    internal static void RunOnCachedThread(IThreadPoolWorkItem work)
    {
        lock (s_gate)
        {
            while (s_idle.TryPop(out var idle))
            {
                if (idle.TryHandOff(work))
                {
                    return;
                }
            }
        }

        new CachedThread(work).Start();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Reliability",
        "CA1001:Types that own disposable fields should be disposable",
        Justification = "The thread disposes its own event when it retires; nobody else may.")]
    private sealed class CachedThread
    {
        private readonly ManualResetEventSlim _handedOff = new();
        private readonly Thread _thread;
        private IThreadPoolWorkItem? _work;
        private bool _retired;

        internal CachedThread(IThreadPoolWorkItem work)
        {
            _work = work;
            _thread = new Thread(Main) { IsBackground = true, Name = "TrioSharp worker" };
        }

        internal void Start() => _thread.Start();

        /// <summary>Gives an idle thread its next function (under the cache's lock); false if it has retired.</summary>
        internal bool TryHandOff(IThreadPoolWorkItem work)
        {
            if (_retired)
            {
                return false;
            }

            _work = work;
            _handedOff.Set();
            return true;
        }

        private void Main()
        {
            while (true)
            {
                var work = _work!;
                _work = null;
                work.Execute();

                lock (s_gate)
                {
                    _handedOff.Reset();
                    s_idle.Push(this);
                }

                if (_handedOff.Wait(IdleLifetime))
                {
                    continue;
                }

                lock (s_gate)
                {
                    if (_work is not null)
                    {
                        // Handed work just as the wait timed out: take it.
                        continue;
                    }

                    // Left in the stack, a retired thread is skipped (and dropped) by the next Run.
                    _retired = true;
                }

                _handedOff.Dispose();
                return;
            }
        }
    }
}
