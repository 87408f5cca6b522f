using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VideoPipeline.BuildingBlocks.EventStreams;
using VideoPipeline.BuildingBlocks.Scheduling;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing.Scheduling;
using VideoPipeline.Modules.Usage.Metering;
using VideoPipeline.Modules.Usage.Quotas;
using VideoPipeline.Tests.Infrastructure;
using VideoPipeline.Tests.Usage;

namespace VideoPipeline.Tests.Operations;

/// <summary>
/// The inline projections whose work is an effect of the event (a transcode admitted to the turns, usage added, quota
/// given back) are never rebuilt: Marten's rebuild of one, asked by its name as <c>projections rebuild --projection</c>
/// asks it, is refused with the reason, and the turns, the usage and the quotas are as they were.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class RefusingToReplaySideEffects(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    private const string Vtt = "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHello\n";

    [Theory]
    [InlineData(typeof(AdmitLandedUploads), "admit every upload ever landed again")]
    [InlineData(typeof(UsageFromEvents), "count all of it again")]
    [InlineData(typeof(QuotaReleases), "owners would get quota they use")]
    public async Task a_rebuild_of_a_projection_with_side_effects_is_refused_and_changes_nothing(Type projection, string why)
    {
        // A landed upload (its processing failed at once: its turn is over), and a caption track removed then added again.
        var video = await Api.UploadedVideoAsync();
        await Api.AddCaptionAsync(video, "en", "English", Vtt);
        await Api.Host.Scenario(x =>
        {
            x.Delete.Url($"/videos/{video}/captions/en");
            x.WithBearerToken(VideoApi.DevKey);
            x.StatusCodeShouldBe(204);
        });
        await Api.AddCaptionAsync(video, "en", "English", Vtt);
        var before = await StateAsync();
        before.Turns.ShouldBe(0);
        before.UploadedBytes.ShouldBeGreaterThan(0);
        before.CaptionTracks.ShouldBe(1);

        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        using var daemon = await store.BuildProjectionDaemonAsync();
        var refused = await Should.ThrowAsync<ProjectionNeverRebuiltException>(() => daemon.RebuildProjectionAsync(projection.FullName!, CancellationToken.None));

        refused.Message.ShouldStartWith($"The projection {projection.FullName} is never rebuilt, and nothing was changed: ");
        refused.Message.ShouldContain(why);
        (await StateAsync()).ShouldBe(before);
    }

    private async Task<SideEffects> StateAsync()
    {
        await using var turns = App.Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand($"select count(*) from {FairTurns.TurnsTable}");
        var usage = (await Api.GetAsync<UsageReportDto>("/usage")).Owners.ShouldHaveSingleItem();
        var captionTracks = await new QuotaApi(Api).UseAsync(QuotaNames.CaptionTracks);
        return new SideEffects((long)(await turns.ExecuteScalarAsync())!, usage.Totals.UploadedBytes, captionTracks.Used);
    }

    private sealed record SideEffects(long Turns, long UploadedBytes, long CaptionTracks);
}
