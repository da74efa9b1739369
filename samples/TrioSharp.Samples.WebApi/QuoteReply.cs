namespace TrioSharp.Samples.WebApi;

/// <summary>What <c>/quote</c> returns: every backend's answer, and whether the deadline cut some short.</summary>
internal sealed record QuoteReply(IReadOnlyList<Quote> Quotes, bool DeadlineReached);
