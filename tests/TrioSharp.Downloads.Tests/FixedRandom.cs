namespace TrioSharp.Downloads.Tests;

/// <summary>A "random" source that always draws the same value, so back-offs are exact.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}
