namespace TrioSharp.Scheduling.PostgreSql;

/// <summary>A request the queue cannot carry out as asked (no such job, a job in the wrong state, a schema newer than this library); the message says what to do.</summary>
public sealed class DurableSchedulerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DurableSchedulerException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public DurableSchedulerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public DurableSchedulerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
