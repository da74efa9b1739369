namespace TrioSharp.Tests.Readme;

/// <summary>Tests that redirect <see cref="Console.Out"/>, which is process-wide: they run alone, after the others.</summary>
[CollectionDefinition(nameof(ConsoleRedirection), DisableParallelization = true)]
public sealed class ConsoleRedirection;
