namespace TrioSharp.Tests.Channels;

/// <summary>The channel contract on a rendezvous channel (capacity 0).</summary>
public sealed class RendezvousChannelContractTests : BoundedChannelContractTests
{
    protected override int? Capacity => 0;
}
