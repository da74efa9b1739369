namespace TrioSharp.Tests;

/// <summary>Assertions for code running inside a TrioSharp task: they await on the loop and never resume off it.</summary>
internal static class TrioAssert
{
    /// <summary>Awaits <paramref name="code"/> in the calling task and returns its exception, which must be exactly of type <typeparamref name="T"/>.</summary>
    public static async Task<T> ThrowsAsync<T>(Func<Task> code)
        where T : Exception => Assert.IsType<T>(await CatchAsync(code));

    /// <summary>Awaits <paramref name="code"/> in the calling task and returns its exception, which must be a <typeparamref name="T"/> or a subtype.</summary>
    public static async Task<T> ThrowsAnyAsync<T>(Func<Task> code)
        where T : Exception => Assert.IsAssignableFrom<T>(await CatchAsync(code));

    /// <summary>
    /// Asserts that <paramref name="call"/> throws <typeparamref name="T"/> synchronously, at the call, rather than
    /// returning a task that fails later.
    /// </summary>
    public static T ThrowsAtCall<T>(Func<Task> call)
        where T : Exception
    {
        Task? returned = null;
        Exception? error = null;
        try
        {
            returned = call();
        }
        catch (Exception e)
        {
            error = e;
        }

        if (returned is not null)
        {
            // Observe the task's error so it does not surface later as an unobserved exception.
            _ = returned.Exception;
        }

        Assert.True(returned is null, "The call returned a task instead of throwing at the call.");
        return Assert.IsType<T>(error);
    }

    /// <inheritdoc cref="ThrowsAtCall{T}(Func{Task})"/>
    public static T ThrowsAtCall<T>(Func<ValueTask> call)
        where T : Exception => ThrowsAtCall<T>(() => call().AsTask());

    /// <summary>Asserts that <paramref name="error"/> is a nursery group whose members are exactly <paramref name="expected"/>, in order.</summary>
    public static void GroupOf(Exception? error, params Exception[] expected)
    {
        var group = Assert.IsType<ExceptionGroup>(error);
        Assert.Equal(expected, group.InnerExceptions);
    }

    private static async Task<Exception?> CatchAsync(Func<Task> code)
    {
        try
        {
            await code();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
