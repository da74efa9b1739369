namespace TrioSharp.Tests.Channels;

/// <summary>The channel contract on an unbounded channel (senders never block).</summary>
public sealed class UnboundedChannelContractTests : ChannelContractTests
{
    protected override int? Capacity => null;
}
