namespace VideoPipeline.Modules.Playback.Signing;

/// <summary>Turns a storage key into a URL a player may GET until a given time, without any other credential.</summary>
public interface IMediaUrlSigner
{
    Uri Sign(string key, DateTimeOffset expiresAt);
}
