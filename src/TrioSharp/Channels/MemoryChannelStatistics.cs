namespace TrioSharp;

/// <summary>A snapshot of a memory channel, the same from every handle of it.</summary>
/// <param name="CurrentBufferUsed">Items in the buffer now (items offered by waiting senders not included).</param>
/// <param name="MaxBufferSize">The capacity the channel was created with; null for an unbounded channel.</param>
/// <param name="OpenSendChannels">Send handles (the original and clones) not yet closed.</param>
/// <param name="OpenReceiveChannels">Receive handles (the original and clones) not yet closed.</param>
/// <param name="TasksWaitingSend">Tasks blocked in a send.</param>
/// <param name="TasksWaitingReceive">Tasks blocked in a receive.</param>
/// <param name="PeakBufferUsed">The most items the buffer ever held at once; draining does not reset it.</param>
public readonly record struct MemoryChannelStatistics(
    int CurrentBufferUsed,
    int? MaxBufferSize,
    int OpenSendChannels,
    int OpenReceiveChannels,
    int TasksWaitingSend,
    int TasksWaitingReceive,
    int PeakBufferUsed);
