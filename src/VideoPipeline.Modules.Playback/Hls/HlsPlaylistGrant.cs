using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VideoPipeline.BuildingBlocks.Security;

namespace VideoPipeline.Modules.Playback.Hls;

/// <summary>
/// The signature of the service's own HLS playlist URLs (<c>?expires=&amp;sig=</c>): HMAC-SHA256 over the video id and
/// the expiry. Players cannot send an API key, so the URL itself is the credential, valid for every playlist of that
/// video until it expires.
/// </summary>
public sealed class HlsPlaylistGrant(byte[] key)
{
    public string Query(Guid videoId, DateTimeOffset expiresAt)
    {
        var expires = expiresAt.ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"expires={expires}&sig={HexMac.Format(Mac(videoId, expires))}");
    }

    public bool IsValid(Guid videoId, long expires, string? signature, DateTimeOffset now) =>
        expires >= now.ToUnixTimeSeconds() && HexMac.Matches(signature, Mac(videoId, expires));

    private byte[] Mac(Guid videoId, long expires) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"hls\n{videoId:D}\n{expires}")));
}
