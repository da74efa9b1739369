namespace TrioSharp;

/// <summary>
/// The threads <see cref="Trio.ToThreadAsync{T}(Func{T}, bool, CapacityLimiter?)"/> runs functions on: dedicated
/// threads, kept for a while when idle and reused, as Trio's thread cache.
/// </summary>
/// <remarks>
/// Not the thread pool: functions sent to a thread are expected to block (a file API, a synchronous driver), and forty
/// blocked pool threads would starve every continuation of the process while the pool slowly injects more. A cached
/// thread is handed its next function directly, so a round trip costs about what a pool work item does.
/// </remarks>
internal static class WorkerThreadCache
{
    /// <summary>How long an idle thread waits for another function before it exits.</summary>
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(10);

    private static readonly Lock s_gate = new();
    private static readonly Stack<CachedThread> s_idle = new();

    /// <summary>The number of idle threads waiting for work (a diagnostic).</summary>
    internal static int IdleThreads
    {
        get
        {
            lock (s_gate)
            {
                return s_idle.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on an idle cached thread, or on a new one.</summary>
    internal static void Run(IThreadPoolWorkItem work)
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
