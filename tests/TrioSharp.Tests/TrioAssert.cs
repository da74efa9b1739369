using Xunit.Sdk;

namespace TrioSharp.Tests;

/// <summary>Assertions that await on the loop (the awaited code keeps running as the current task).</summary>
internal static class TrioAssert
{
    /// <summary>Awaits <paramref name="code"/> and returns the exception of exactly type <typeparamref name="T"/> it raised.</summary>
    public static Task<T> RaisesAsync<T>(Func<Task> code)
        where T : Exception => Raises<T>(code, exactType: true);

    /// <summary>Awaits <paramref name="code"/> and returns the exception of type <typeparamref name="T"/> or a subtype it raised.</summary>
    public static Task<T> RaisesAnyAsync<T>(Func<Task> code)
        where T : Exception => Raises<T>(code, exactType: false);

    private static async Task<T> Raises<T>(Func<Task> code, bool exactType)
        where T : Exception
    {
        Exception? caught = null;
        try
        {
            await code();
        }
        catch (Exception e)
        {
            caught = e;
        }

        return caught switch
        {
            null => throw new XunitException($"Expected {typeof(T).Name}, but nothing was raised."),
            T expected when !exactType || caught.GetType() == typeof(T) => expected,
            _ => throw new XunitException($"Expected {typeof(T).Name}, but got {caught.GetType().Name}: {caught.Message}"),
        };
    }
}
