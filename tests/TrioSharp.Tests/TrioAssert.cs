namespace TrioSharp.Tests;

/// <summary>Assertions for code running inside a TrioSharp task.</summary>
internal static class TrioAssert
{
    /// <summary>
    /// Awaits <paramref name="code"/> in the calling task and returns its exception, which must be exactly of type
    /// <typeparamref name="T"/>. Unlike a general-purpose helper it never resumes off the loop.
    /// </summary>
    public static async Task<T> ThrowsAsync<T>(Func<Task> code)
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

        return Assert.IsType<T>(caught);
    }

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
}
