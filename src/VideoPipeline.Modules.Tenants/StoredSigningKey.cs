using System.Security.Cryptography;
using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.BuildingBlocks.Tenants;

namespace VideoPipeline.Modules.Tenants;

/// <summary>An owner's signing key for playback tokens: only its public half is kept (the private half is shown once, when made).</summary>
public sealed class StoredSigningKey
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary><see cref="PlaybackTokens.Rs256"/> or <see cref="PlaybackTokens.Es256"/>.</summary>
    public string Algorithm { get; set; } = PlaybackTokens.Rs256;

    /// <summary>SubjectPublicKeyInfo, PEM.</summary>
    public string PublicKeyPem { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public PlaybackSigningKey ToVerify() => new(Id, OwnerId, Algorithm, PublicKeyPem);
}

/// <summary>A new key pair, PEM: RSA 2048 for RS256, P-256 for ES256; the private key is PKCS#8, as Node's and Python's JWT libraries read it.</summary>
public sealed record SigningKeyPair(string PublicKeyPem, string PrivateKeyPem)
{
    public static SigningKeyPair New(string algorithm)
    {
        if (algorithm == PlaybackTokens.Es256)
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return new(ec.ExportSubjectPublicKeyInfoPem(), ec.ExportPkcs8PrivateKeyPem());
        }

        using var rsa = RSA.Create(2048);
        return new(rsa.ExportSubjectPublicKeyInfoPem(), rsa.ExportPkcs8PrivateKeyPem());
    }
}

/// <summary>A signing key as its owner lists it: never the private key.</summary>
public sealed record SigningKeyView(Guid Id, string Name, string Algorithm, string PublicKey, DateTimeOffset CreatedAt)
{
    public static SigningKeyView From(StoredSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key.Id, key.Name, key.Algorithm, key.PublicKeyPem, key.CreatedAt);
    }
}
