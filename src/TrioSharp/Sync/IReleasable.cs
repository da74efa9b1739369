namespace TrioSharp;

/// <summary>A primitive that an <see cref="Acquisition"/> releases.</summary>
internal interface IReleasable
{
    /// <summary>Releases what <paramref name="borrower"/> acquired (the borrower is ignored by primitives without one).</summary>
    void Release(object? borrower);
}
