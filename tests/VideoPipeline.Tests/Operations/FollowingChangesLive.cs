using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Operations;

/// <summary>
/// <c>GET /videos/changes</c> pushes each change of the caller's videos as it is committed (Server-Sent Events, over a
/// real socket), and nothing of anybody else's.
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class FollowingChangesLive(KestrelApp app)
{
    [Fact]
    public async Task a_listener_hears_its_video_go_from_requested_to_processed_and_nothing_of_other_owners()
    {
        using var mine = await ChangeFeed.OpenAsync(app.Client, VideoApi.DevKey);
        using var theirs = await ChangeFeed.OpenAsync(app.Client, VideoApi.OtherOwnersKey);

        var id = await app.UploadAndProcessAsync(await TestClips.Tiny());

        var heard = (await mine.ReadUntilAsync(id, "ProcessingCompleted", TimeSpan.FromSeconds(30))).Where(c => c.VideoId == id).Select(c => c.Type).ToList();
        heard.ShouldContain("UploadRequested");
        heard.ShouldContain("UploadCompleted");
        heard.ShouldContain("ProcessingStarted");
        heard.ShouldContain("RenditionReady");
        heard[^1].ShouldBe("ProcessingCompleted");

        // Changes reach each listener in commit order: once the other owner hears its own new upload, it has been sent
        // everything it was going to hear of the first video, which was nothing.
        var theirUpload = await app.RequestUploadAsync(VideoApi.OtherOwnersKey);
        var theyHeard = await theirs.ReadUntilAsync(theirUpload, "UploadRequested", TimeSpan.FromSeconds(30));
        theyHeard.ShouldBe([new VideoChangeHeard(theirUpload, "UploadRequested")]);
    }
}
