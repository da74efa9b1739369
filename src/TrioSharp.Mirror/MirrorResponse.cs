namespace TrioSharp.Mirror;

/// <summary>An answer the mirror has decided on, before body faults are applied to it.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="ContentType">The <c>Content-Type</c> header, or null for none.</param>
/// <param name="Body">The body.</param>
internal sealed record MirrorResponse(int Status, string? ContentType, MirrorContent Body)
{
    /// <summary>An answer whose body is held in memory.</summary>
    public MirrorResponse(int status, string? contentType, ReadOnlyMemory<byte> body)
        : this(status, contentType, MirrorContent.FromBytes(body))
    {
    }

    /// <summary>Extra headers to send.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A plain-text answer.</summary>
    public static MirrorResponse Text(int status, string text) =>
        new(status, "text/plain; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(text + "\n"));
}
