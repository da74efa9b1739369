namespace TrioSharp.Tests.Channels;

/// <summary>The channel contract at capacity 10.</summary>
public sealed class CapacityTenChannelContractTests : BoundedChannelContractTests
{
    protected override int? Capacity => 10;
}
