using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Catalog;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Catalog.Deciding;

/// <summary>Given a video as the Catalog sees it, when its owner deletes or edits it, then these events and messages.</summary>
public sealed class DecidingForAVideo
{
    private static CatalogVideo AVideo(string? passthrough = "p", Dictionary<string, string>? metadata = null)
    {
        var id = Guid.CreateVersion7();
        return CatalogVideo.Create(new UploadRequested(id, "owner-1", "Holiday", VideoKeys.Raw(id, "mp4"), "video/mp4", null, DateTimeOffset.UnixEpoch,
            Passthrough: passthrough, Metadata: metadata ?? new Dictionary<string, string> { ["customer"] = "acme" }));
    }

    private static VideoDetailsPatch Patch(string? title = null, PatchValue<string?> passthrough = default, bool clearMetadata = false, Dictionary<string, string?>? metadata = null) =>
        new(title, passthrough, clearMetadata, metadata);

    [Fact]
    public void deleting_records_the_deletion_and_queues_the_purge_of_its_objects_in_the_same_commit()
    {
        var video = AVideo();

        var (answer, events, outgoing) = video.Delete("owner-1");

        answer.Kind.ShouldBe(AnswerKind.Accepted);
        events.ShouldBe([new VideoDeleted(video.Id, "owner-1")]);
        Sent.Of(outgoing).ShouldBe([new Sent(new PurgeVideoObjects(video.Id), null)]);
    }

    [Fact]
    public void deleting_a_deleted_video_is_accepted_and_changes_nothing()
    {
        var video = AVideo();
        video.Apply(new VideoDeleted(video.Id, "owner-1"));

        var (answer, events, outgoing) = video.Delete("admin");

        answer.Kind.ShouldBe(AnswerKind.Accepted);
        events.ShouldBeEmpty();
        outgoing.ShouldBeEmpty();
    }

    [Fact]
    public void an_edit_changes_what_it_names_and_records_all_three_fields_as_they_now_are()
    {
        var video = AVideo(metadata: new() { ["customer"] = "acme", ["env"] = "prod" });

        var (answer, events) = video.Edit(Patch(title: "Summer", metadata: new() { ["env"] = null, ["team"] = "video" }));

        var edited = events.ShouldHaveSingleItem().ShouldBeOfType<VideoDetailsEdited>();
        (edited.Title, edited.Passthrough).ShouldBe(("Summer", (string?)"p"));
        edited.Metadata.ShouldBe(new Dictionary<string, string> { ["customer"] = "acme", ["team"] = "video" }, ignoreOrder: true);
        answer.Body.ShouldBeOfType<VideoDetails>().Metadata.ShouldBe(edited.Metadata);
    }

    [Fact]
    public void null_removes_the_passthrough_and_a_null_metadata_removes_every_key()
    {
        var video = AVideo();

        var (_, events) = video.Edit(Patch(passthrough: new PatchValue<string?>(true, null), clearMetadata: true));

        var edited = events.ShouldHaveSingleItem().ShouldBeOfType<VideoDetailsEdited>();
        edited.Passthrough.ShouldBeNull();
        edited.Metadata.ShouldBeEmpty();
    }

    [Fact]
    public void an_edit_that_changes_nothing_records_nothing()
    {
        var video = AVideo();

        var (answer, events) = video.Edit(Patch(title: "Holiday", passthrough: new PatchValue<string?>(true, "p"), metadata: new() { ["customer"] = "acme" }));

        answer.Kind.ShouldBe(AnswerKind.Ok);
        events.ShouldBeEmpty();
    }

    [Fact]
    public void an_edit_that_would_leave_more_keys_than_a_video_holds_is_refused()
    {
        var video = AVideo(metadata: Enumerable.Range(0, VideoDetailsRules.MaxMetadataKeys).ToDictionary(i => $"k{i}", _ => "v"));

        var (answer, events) = video.Edit(Patch(metadata: new() { ["another"] = "v" }));

        answer.Kind.ShouldBe(AnswerKind.Invalid);
        events.ShouldBeEmpty();
    }
}
