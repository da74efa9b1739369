namespace TrioSharp.Hosting.Tests.Modes;

public sealed class SharedLoopModeTests() : HostingModeContractTests(new SharedLoopMode());
