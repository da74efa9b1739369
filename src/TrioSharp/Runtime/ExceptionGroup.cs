namespace TrioSharp;

/// <summary>
/// The errors of a nursery: every exception raised by its body or its children, none lost, in the order they
/// happened.
/// </summary>
/// <remarks>
/// A nursery always groups its errors, even a single one (as Trio does since 0.25), so a catch site does not
/// depend on how many tasks happened to fail. Use <see cref="Contains{T}"/> or <see cref="AggregateException.Flatten"/>
/// to find a type. Members may be <see cref="Cancelled"/> while the group travels to the scope that caused
/// them, which strips them.
/// </remarks>
public sealed class ExceptionGroup : AggregateException
{
    // AggregateException.Message appends every inner message; the summary already names each error once.
    private readonly string _message;

    /// <summary>Creates a group of <paramref name="innerExceptions"/>.</summary>
    /// <param name="innerExceptions">The errors the group holds, in the order they happened.</param>
    public ExceptionGroup(IEnumerable<Exception> innerExceptions)
        : this(Summarize(innerExceptions, out var errors), errors)
    {
    }

    /// <summary>Creates an empty group with a default message.</summary>
    public ExceptionGroup()
        : this("Exceptions from a TrioSharp nursery.")
    {
    }

    /// <summary>Creates an empty group with <paramref name="message"/>.</summary>
    /// <param name="message">The message that explains the error.</param>
    public ExceptionGroup(string message)
        : base(message) => _message = message;

    /// <summary>Creates a group with <paramref name="message"/> holding <paramref name="innerException"/>.</summary>
    /// <param name="message">The message that explains the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ExceptionGroup(string message, Exception innerException)
        : base(message, innerException) => _message = message;

    private ExceptionGroup(string summary, IList<Exception> errors)
        : base(summary, errors) => _message = summary;

    /// <summary>How many errors the group holds, and the type and message of each.</summary>
    public override string Message => _message;

    /// <summary>Whether the group, or a group nested in it, holds an exception of type <typeparamref name="T"/>.</summary>
    /// <returns>Whether the group, or a group nested in it, holds such an exception.</returns>
    public bool Contains<T>()
        where T : Exception => Flatten().InnerExceptions.Any(e => e is T);

    private static string Summarize(IEnumerable<Exception> innerExceptions, out IList<Exception> errors)
    {
        ArgumentNullException.ThrowIfNull(innerExceptions);
        errors = innerExceptions as IList<Exception> ?? [.. innerExceptions];
        var kinds = string.Join("; ", errors.Select(e => $"{e.GetType().Name}: {e.Message}"));
        return $"{errors.Count} error{(errors.Count == 1 ? string.Empty : "s")} from a TrioSharp nursery: {kinds}";
    }
}
