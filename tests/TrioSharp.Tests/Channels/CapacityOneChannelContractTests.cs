namespace TrioSharp.Tests.Channels;

/// <summary>The channel contract at capacity 1.</summary>
public sealed class CapacityOneChannelContractTests : BoundedChannelContractTests
{
    protected override int? Capacity => 1;
}
