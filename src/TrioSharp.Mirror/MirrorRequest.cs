namespace TrioSharp.Mirror;

/// <summary>One request the mirror answered, as <see cref="MirrorServer.Requests"/> records it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The path and query string.</param>
/// <param name="Range">The <c>Range</c> header, or null.</param>
/// <param name="IfRange">The <c>If-Range</c> header, or null.</param>
/// <param name="Status">The status code of the answer.</param>
public sealed record MirrorRequest(string Method, string PathAndQuery, string? Range, string? IfRange, int Status);
