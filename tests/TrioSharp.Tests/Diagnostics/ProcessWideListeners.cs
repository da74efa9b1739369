namespace TrioSharp.Tests.Diagnostics;

/// <summary>
/// Tests that listen to the process-wide <c>TrioSharp</c> meter or event source: they run alone, so no other test's
/// run is recorded into them.
/// </summary>
[CollectionDefinition(nameof(ProcessWideListeners), DisableParallelization = true)]
public sealed class ProcessWideListeners;
