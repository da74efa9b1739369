namespace TrioSharp.Downloads;

/// <summary>One range of a file fetched over its own connection (<see cref="DownloadOptions.Split"/>), as the resume data records it.</summary>
/// <param name="Start">Its first byte in the file.</param>
/// <param name="End">One past its last byte.</param>
/// <param name="Done">How many of its bytes, from <paramref name="Start"/>, are on disk.</param>
internal sealed record PartSegment(long Start, long End, long Done)
{
    /// <summary>The next byte to fetch.</summary>
    public long Next => Start + Done;

    /// <summary>Whether all its bytes are on disk.</summary>
    public bool Complete => Next >= End;

    /// <summary><paramref name="count"/> segments as equal as can be covering <paramref name="length"/> bytes.</summary>
    public static PartSegment[] Plan(long length, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new PartSegment(length * i / count, length * (i + 1) / count, 0))];
}
