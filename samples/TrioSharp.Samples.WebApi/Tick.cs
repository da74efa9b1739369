namespace TrioSharp.Samples.WebApi;

/// <summary>One line of <c>/ticks</c>: which producer sent it, its count down, and the loop's time when it was sent.</summary>
internal sealed record Tick(string Producer, int Remaining, double AtSeconds);
