namespace TrioSharp.Docs.Tests;

/// <summary>
/// The tests that run the documentation's programs. They share process-wide state (<see cref="Console.Out"/>, the
/// current directory's files, the hosting diagnostic events a web program's host is found by), so they run one at a time.
/// </summary>
[CollectionDefinition(nameof(SerialExamples), DisableParallelization = true)]
public sealed class SerialExamples;
