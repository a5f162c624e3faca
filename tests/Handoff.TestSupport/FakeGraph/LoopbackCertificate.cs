using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Handoff.TestSupport.FakeGraph;

/// <summary>
/// A self-signed certificate for <c>127.0.0.1</c> / <c>localhost</c>, made for one test run, and its PEM file: a server
/// process started with <c>SSL_CERT_FILE</c> = <see cref="PemPath"/> trusts it (and nothing else — it only talks to
/// loopback fakes). Disposing deletes the file.
/// </summary>
public sealed class LoopbackCertificate : IDisposable
{
    private readonly TempDirectory _directory = new();

    public LoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, critical: false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Kestrel wants the key in a form SslStream can use on every platform: round-trip through PKCS#12.
        Certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
        PemPath = Path.Combine(_directory.Path, "loopback-ca.pem");
        File.WriteAllText(PemPath, created.ExportCertificatePem());
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate (no key) as PEM, for <c>SSL_CERT_FILE</c>.</summary>
    public string PemPath { get; }

    public void Dispose()
    {
        Certificate.Dispose();
        _directory.Dispose();
    }
}
