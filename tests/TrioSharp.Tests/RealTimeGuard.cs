using System.Runtime.ExceptionServices;

namespace TrioSharp.Tests;

/// <summary>
/// Runs code that would hang if the library regressed (a loop that never wakes) on its own thread, and fails
/// the test after a generous real-time bound instead of hanging the suite.
/// </summary>
internal static class RealTimeGuard
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static void Run(Action action)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                error = e;
            }
        })
        { IsBackground = true, Name = "RealTimeGuard" };
        thread.Start();
        if (!thread.Join(Bound))
        {
            Assert.Fail($"Still running after {Bound.TotalSeconds} real seconds: the loop hung.");
        }

        if (error is not null)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    public static T RunWith<T>(Func<T> function)
    {
        T result = default!;
        Run(() => result = function());
        return result;
    }
}
