using Alba;
using VideoPipeline.Contracts;
using VideoPipeline.Tests.Infrastructure;
using Wolverine.Tracking;

namespace VideoPipeline.Tests.Tenants;

/// <summary>A suspended owner is refused at the door, and its queued work waits until it is reinstated.</summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class SuspendingAnOwner(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    private TenantApi Tenants => new(Api);

    [Fact]
    public async Task a_suspended_owner_is_refused_with_every_key_and_its_queued_transcode_does_not_start_until_reinstated()
    {
        // "dev" is configured; an owner row of the same id governs it.
        await Tenants.CreateOwnerAsync("dev");
        var stored = (await Tenants.CreateKeyAsync()).Key!;
        var ticket = await Api.RequestUploadAsync();
        await Api.UploadAsync(ticket, await TestClips.Tiny());

        await Tenants.SuspendAsync("dev");

        foreach (var key in new[] { VideoApi.DevKey, stored })
        {
            var refused = await Api.GetAsync<ProblemDto>("/videos", key, expectedStatus: 403);
            refused.Title.ShouldBe("The owner is suspended.");
        }

        await Api.GetAsync<VideoPageDto>("/videos", VideoApi.OtherOwnersKey);
        await Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 });

        // Another owner's video, reported after it, takes the one slot and is processed: the suspended owner's job was
        // passed over, not started.
        var other = await Api.RequestUploadAsync(key: VideoApi.OtherOwnersKey);
        await Api.UploadAsync(other, await TestClips.Tiny());
        await Api.NotifyUploadAsync(new { key = other.Key, size = 1 });
        await Eventually.WaitForAsync(() => Api.GetAsync<VideoDto>($"/videos/{other.VideoId}", VideoApi.OtherOwnersKey), v => v.Status == VideoStatus.Processed,
            TimeSpan.FromMinutes(2), "the other owner's video to be processed");
        var held = await Api.GetAsync<VideoDto>($"/videos/{ticket.VideoId}", VideoApi.AdminKey);
        (held.Status, held.Steps.ProcessingStartedAt).ShouldBe((VideoStatus.Uploaded, null));

        await Tenants.ReinstateAsync("dev");

        await Eventually.WaitForAsync(() => Api.GetAsync<VideoDto>($"/videos/{ticket.VideoId}", VideoApi.DevKey), v => v.Status == VideoStatus.Processed,
            TimeSpan.FromMinutes(2), "the reinstated owner's video to be processed");
    }
}
