using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TrioSharp.Mirror;

/// <summary>
/// A throw-away certificate authority and a server certificate it signed for 127.0.0.1, made in memory, for serving
/// the mirror over HTTPS in tests (<see cref="MirrorOptions.Certificate"/>) and trusting it on purpose.
/// </summary>
public sealed class MirrorCertificates : IDisposable
{
    private MirrorCertificates(X509Certificate2 authority, X509Certificate2 server)
    {
        Authority = authority;
        Server = server;
    }

    /// <summary>The authority's certificate (public part only): what a client is told to trust.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server's certificate with its private key, valid for 127.0.0.1 and localhost for a day.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Makes a new authority and server certificate.</summary>
    public static MirrorCertificates Create()
    {
        // Real wall time, not a loop's clock: TLS checks a certificate's validity against the machine's clock.
        var now = TimeProvider.System.GetUtcNow();
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=TrioSharp test authority", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authority = authorityRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = serverRequest.Create(authority, now.AddMinutes(-30), now.AddHours(12), RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        // Exported and loaded again: Kestrel (SslStream) needs a key it can use on every platform, not an ephemeral one.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new MirrorCertificates(X509CertificateLoader.LoadCertificate(authority.RawData), server);
    }

    /// <summary>The authority's certificate as PEM text, as a <c>--ca-cert</c> file holds it.</summary>
    public string AuthorityPem() => Authority.ExportCertificatePem();

    /// <inheritdoc/>
    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
    }
}
