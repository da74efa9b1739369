namespace TrioSharp.Samples.WebApi;

/// <summary>One backend's answer to <c>/quote</c>: <c>ok</c> with its body, <c>failed</c> with the reason, or <c>timed out</c>.</summary>
internal sealed record Quote(Uri Backend, string Status, string? Body);
