namespace TrioSharp.Mirror;

/// <summary>Settings for a <see cref="MirrorServer"/>.</summary>
public sealed record MirrorOptions
{
    /// <summary>The TCP port on 127.0.0.1; zero picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Whether to speak HTTP/2 only. Without TLS, HTTP/2 needs prior knowledge (h2c: the client speaks HTTP/2 from
    /// the first byte), which Kestrel offers only on an HTTP/2-only endpoint; HTTP/1.1 clients are then refused.
    /// </summary>
    public bool Http2Only { get; init; }

    /// <summary>
    /// The certificate (with its private key) to serve HTTPS with; null for plain HTTP. Tests make one with
    /// <see cref="System.Security.Cryptography.X509Certificates.CertificateRequest"/>, for 127.0.0.1.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; init; }

    /// <summary>The faults to inject; none by default.</summary>
    public MirrorFaults Faults { get; init; } = new();

    /// <summary>The clock behind injected latency; the system clock by default. The mirror is a real server, so this is rarely a virtual clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
