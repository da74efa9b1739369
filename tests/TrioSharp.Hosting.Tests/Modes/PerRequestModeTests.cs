namespace TrioSharp.Hosting.Tests.Modes;

public sealed class PerRequestModeTests() : HostingModeContractTests(new PerRequestMode());
