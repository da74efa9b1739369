using System.Net.Sockets;

namespace TrioSharp.Cli.Commands;

/// <summary>The runtime's own threads that a download's first request needs, started ahead of it.</summary>
/// <remarks>
/// The first request starts five threads on its way: the thread pool's first worker and its gate thread
/// (<see cref="System.Net.Http.SocketsHttpHandler"/> sets its handler chain up with <c>Task.Run</c>), the timer thread
/// (the connection pool's cleaning timer) and the socket engine's threads. Native AOT's <c>Thread.Start</c> yields until
/// the new thread runs, so on a busy machine each start held the request up to 4 ms waiting for a core
/// (<c>perf sched latency</c>). Started here, on a thread of their own, they come up while the command parses its
/// arguments and opens its loop: beside two busy loops the three books took 31.9 ms instead of 42.5 ms (curl 27.3 ms,
/// wget2 29.2 ms); on a quiet machine 11.9 instead of 12.4 ms (25 alternating runs each, docs/benchmarks.md).
/// </remarks>
internal static class RuntimeThreads
{
    /// <summary>
    /// Starts those threads from a background thread and returns at once. Call it after setting any socket
    /// environment variable: the socket engine reads them when it starts.
    /// </summary>
    public static void StartInBackground() => new Thread(Start) { IsBackground = true, Name = "triosharp warm-up" }.Start();

    private static void Start()
    {
        // The first socket made starts the engine's threads (even one that only ever waits in the TrioSharp loop's own
        // epoll set, as a download's connections do); the first work item the pool's worker and gate; the first timer
        // with a due time the timer thread.
        using (new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
        }

        ThreadPool.UnsafeQueueUserWorkItem(static _ => { }, (object?)null);
        using var timer = new Timer(static _ => { }, null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
    }
}
