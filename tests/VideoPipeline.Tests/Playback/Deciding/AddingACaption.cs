using System.Text;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Playback.AddingCaptions;
using VideoPipeline.Modules.Playback.Captions;
using VideoPipeline.Modules.Playback.RemovingCaptions;

namespace VideoPipeline.Tests.Playback.Deciding;

/// <summary>Given a video's caption tracks, when a track is added or removed, then these events.</summary>
public sealed class AddingACaption
{
    private static readonly Guid VideoId = Guid.NewGuid();
    private static readonly byte[] Vtt = Encoding.UTF8.GetBytes("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n");

    private static readonly QuotaOptions Quotas = new();

    private static VideoCaptions Captions(params string[] languages)
    {
        var captions = VideoCaptions.Create(new UploadRequested(VideoId, "owner", "t", "k", "video/mp4", null, DateTimeOffset.UnixEpoch));
        captions.Apply(new UploadCompleted(VideoId, "k", 10, "client"));
        foreach (var language in languages)
        {
            captions.Apply(new CaptionAdded(VideoId, language, language.ToUpperInvariant(), 1));
        }

        return captions;
    }

    [Fact]
    public void a_new_language_adds_a_track_with_its_cues()
    {
        var (answer, events, _, _) = Add(new AddCaption(VideoId, "FR", " Français ", Vtt), Captions("en"));

        answer.Kind.ShouldBe(AnswerKind.Created);
        events.ShouldBe([new CaptionAdded(VideoId, "fr", "Français", 1)]);
    }

    [Fact]
    public void a_clip_takes_tracks_of_its_own_from_its_first_moment()
    {
        var clip = VideoCaptions.Create(new UploadRequested(VideoId, "owner", "t", "clip/parent", "video/mp4", null, DateTimeOffset.UnixEpoch));
        clip.Apply(new ClipCreated(VideoId, Guid.NewGuid(), 3.2, 7.5, Guid.NewGuid(), 2, 8));

        var (answer, events, _, _) = Add(new AddCaption(VideoId, "fr", "Français", Vtt), clip);

        answer.Kind.ShouldBe(AnswerKind.Created, "a clip has media at once: it never lands an upload");
        events.ShouldBe([new CaptionAdded(VideoId, "fr", "Français", 1)]);
    }

    [Fact]
    public void a_video_with_every_track_it_may_have_takes_no_new_language_but_may_replace_one()
    {
        var full = Captions([.. Enumerable.Range(0, VideoCaptions.MaxTracks).Select(i => $"x{(char)('a' + (i / 26))}{(char)('a' + (i % 26))}")]);

        var (refused, none, _, _) = Add(new AddCaption(VideoId, "fr", "Français", Vtt), full);
        var (replaced, events, _, _) = Add(new AddCaption(VideoId, "xaa", "Again", Vtt), full);

        refused.Kind.ShouldBe(AnswerKind.Conflict);
        none.ShouldBeEmpty();
        replaced.Kind.ShouldBe(AnswerKind.Created);
        events.ShouldHaveSingleItem();
    }

    [Fact]
    public void a_file_that_is_not_utf8_or_not_captions_changes_nothing()
    {
        var (notText, none, _, _) = Add(new AddCaption(VideoId, "en", "English", [0xff, 0xfe, 0x00]), Captions());
        var (malformed, alsoNone, _, _) = Add(new AddCaption(VideoId, "en", "English", Encoding.UTF8.GetBytes("WEBVTT\n\nnot a cue\n")), Captions());

        notText.Title.ShouldBe("The caption file is not UTF-8 text.");
        malformed.Detail.ShouldBe("Line 4: a cue timing (00:00:01.000 --> 00:00:02.000) was expected.");
        none.ShouldBeEmpty();
        alsoNone.ShouldBeEmpty();
    }

    [Fact]
    public void removing_a_track_is_recorded_once()
    {
        var (_, removed, _) = RemoveCaptionHandler.Handle(new RemoveCaption(VideoId, "EN"), Captions("en"));
        var (_, again, _) = RemoveCaptionHandler.Handle(new RemoveCaption(VideoId, "en"), Captions());

        removed.ShouldBe([new CaptionRemoved(VideoId, "en")]);
        again.ShouldBeEmpty();
    }

    [Fact]
    public void a_video_whose_upload_never_landed_takes_no_captions_and_holds_nothing()
    {
        var (answer, events, stored, held) = Add(
            new AddCaption(VideoId, "en", "English", Vtt), VideoCaptions.Create(new UploadRequested(VideoId, "owner", "t", "k", "video/mp4", null, DateTimeOffset.UnixEpoch)));

        answer.Kind.ShouldBe(AnswerKind.Conflict);
        answer.Title.ShouldBe("The video has no media yet.");
        events.ShouldBeEmpty();
        stored.ShouldBeOfType<Wolverine.Marten.NoOp>();
        held.ShouldBeOfType<Wolverine.Marten.NoOp>();
    }

    [Fact]
    public void an_added_track_holds_the_owners_caption_quotas_in_its_commit()
    {
        var (_, _, _, held) = Add(new AddCaption(VideoId, "en", "English", Vtt), Captions());

        held.ShouldNotBeOfType<Wolverine.Marten.NoOp>();
    }

    private static (Answer, Wolverine.Marten.Events, Wolverine.Marten.IMartenOp, Wolverine.Marten.IMartenOp) Add(AddCaption command, VideoCaptions? captions) =>
        AddCaptionHandler.Handle(command, captions, Quotas, TimeProvider.System);

    [Fact]
    public void an_unknown_video_has_no_tracks()
    {
        Add(new AddCaption(VideoId, "en", "English", Vtt), null).Item1.ShouldBe(Answer.VideoNotFound);
    }
}
