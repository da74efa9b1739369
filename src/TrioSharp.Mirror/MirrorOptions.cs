namespace TrioSharp.Mirror;

/// <summary>Settings for a <see cref="MirrorServer"/>.</summary>
public sealed record MirrorOptions
{
    /// <summary>The TCP port on 127.0.0.1; zero picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The faults to inject; none by default.</summary>
    public MirrorFaults Faults { get; init; } = new();
}
