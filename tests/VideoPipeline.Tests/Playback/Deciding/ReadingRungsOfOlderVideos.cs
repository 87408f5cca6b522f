using VideoPipeline.Modules.Playback;
using VideoPipeline.Modules.Playback.ServingImages;

namespace VideoPipeline.Tests.Playback.Deciding;

/// <summary>Given the final master playlist of a video processed before its rungs were kept, then the rungs pictures are made from.</summary>
public sealed class ReadingRungsOfOlderVideos
{
    private const string MasterKey = "videos/0190d7a4-0000-7000-8000-000000000001/cmaf/master.m3u8";

    [Fact]
    public void each_variant_of_the_stored_master_is_a_rung_with_its_size_and_media_playlist_smallest_first()
    {
        const string master = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n" +
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"audio/index.m3u8\"\n" +
            "#EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=700000,RESOLUTION=854x480,CODECS=\"avc1.64001e,mp4a.40.2\",AUDIO=\"audio\"\n480p/index.m3u8\n" +
            "#EXT-X-STREAM-INF:BANDWIDTH=500000,RESOLUTION=640x360,CODECS=\"avc1.4d401e,mp4a.40.2\",AUDIO=\"audio\"\n360p/index.m3u8\n";

        StoredRungs.FromMaster(master, MasterKey).ShouldBe(
        [
            new PlayableRung("360p", 640, 360, "videos/0190d7a4-0000-7000-8000-000000000001/cmaf/360p/index.m3u8"),
            new PlayableRung("480p", 854, 480, "videos/0190d7a4-0000-7000-8000-000000000001/cmaf/480p/index.m3u8"),
        ]);
    }

    [Fact]
    public void a_master_naming_no_sized_variant_gives_no_rung()
    {
        StoredRungs.FromMaster("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n480p/index.m3u8\n", MasterKey).ShouldBeEmpty();
    }
}
