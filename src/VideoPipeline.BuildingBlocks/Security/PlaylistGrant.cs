using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VideoPipeline.BuildingBlocks.Security;

/// <summary>
/// The signature of the service's own playlist URLs, HLS and DASH (<c>?expires=&amp;sig=</c>): HMAC-SHA256 over the video
/// id and the expiry. Players cannot send an API key, so the URL itself is the credential, valid for every playlist and
/// manifest of that video until it expires. Players' analytics beacons carry the same grant.
/// </summary>
public sealed class PlaylistGrant(byte[] key)
{
    public string Query(Guid videoId, DateTimeOffset expiresAt)
    {
        var expires = expiresAt.ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"expires={expires}&sig={HexMac.Format(Mac(videoId, expires))}");
    }

    public bool IsValid(Guid videoId, long expires, string? signature, DateTimeOffset now) =>
        expires >= now.ToUnixTimeSeconds() && HexMac.Matches(signature, Mac(videoId, expires));

    // The "hls" label predates DASH; it stays so that URLs handed out before keep working until they expire.
    private byte[] Mac(Guid videoId, long expires) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"hls\n{videoId:D}\n{expires}")));
}
