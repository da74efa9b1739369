namespace TrioSharp.Samples.WebApi;

/// <summary>What <c>/digest/{text}</c> returns: the text's SHA-256, iterated <paramref name="Rounds"/> times, in hex.</summary>
internal sealed record Digest(string Text, int Rounds, string Sha256);
