using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Handoff.TestSupport.BotConnector;

/// <summary>An RSA key the fake Bot Connector signs with, and the channels it endorses.</summary>
public sealed class FakeSigningKey : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);

    public FakeSigningKey(string keyId, IReadOnlyList<string> endorsements)
    {
        KeyId = keyId;
        Endorsements = endorsements;
        SecurityKey = new RsaSecurityKey(_rsa) { KeyId = keyId };
    }

    public string KeyId { get; }

    public IReadOnlyList<string> Endorsements { get; }

    public RsaSecurityKey SecurityKey { get; }

    /// <summary>The key as a JWKS entry, with the Bot Connector's extra <c>endorsements</c> array.</summary>
    public object ToJwk()
    {
        var parameters = _rsa.ExportParameters(false);
        return new
        {
            kty = "RSA",
            use = "sig",
            kid = KeyId,
            n = Base64UrlEncoder.Encode(parameters.Modulus),
            e = Base64UrlEncoder.Encode(parameters.Exponent),
            endorsements = Endorsements,
        };
    }

    public void Dispose() => _rsa.Dispose();
}
