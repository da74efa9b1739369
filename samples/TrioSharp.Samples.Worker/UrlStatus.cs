namespace TrioSharp.Samples.Worker;

/// <summary>The latest check of one URL: <c>up (200)</c>, <c>down (503)</c>, <c>unreachable</c> or <c>timed out</c>, and how many checks ran.</summary>
internal sealed record UrlStatus(Uri Url, string Status, int Checks);
