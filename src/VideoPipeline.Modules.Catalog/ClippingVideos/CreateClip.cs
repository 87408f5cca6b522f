using FluentValidation;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Catalog.ClippingVideos;

/// <summary>The body of <c>POST /videos/{id}/clips</c>: a stretch of the video, in seconds, and the clip's title (the video's by default).</summary>
public sealed record CreateClipRequest(double? Start, double? End, string? Title)
{
    /// <summary>The shortest clip, in seconds.</summary>
    public const double MinSeconds = 1;

    /// <summary>The longest clip, in seconds (a long broadcast's recording may be clipped whole).</summary>
    public const double MaxSeconds = 12 * 3600;

    public sealed class Validator : AbstractValidator<CreateClipRequest>
    {
        public Validator()
        {
            RuleFor(x => x.Start).NotNull().Must(s => s is >= 0 && double.IsFinite(s.Value)).WithMessage("'start' must be a number of seconds, 0 or more.");
            RuleFor(x => x.End).NotNull().Must(e => e is > 0 && double.IsFinite(e.Value)).WithMessage("'end' must be a number of seconds after 'start'.");
            RuleFor(x => x.End)
                .Must((request, end) => end > request.Start).WithMessage("'end' must be after 'start'.")
                .Must((request, end) => end - request.Start >= MinSeconds).WithMessage($"A clip lasts at least {MinSeconds} s.")
                .Must((request, end) => end - request.Start <= MaxSeconds).WithMessage($"A clip lasts at most {MaxSeconds} s.")
                .When(x => x.Start is >= 0 && x.End is > 0);
            RuleFor(x => x.Title).VideoTitle().When(x => x.Title is not null);
        }
    }
}

/// <summary>The owner cuts a clip of one of their videos (ownership is checked before this runs).</summary>
public sealed record CreateClip(Guid VideoId, string OwnerId, ClipRequest Request);

public static class CreateClipHandler
{
    /// <summary>
    /// Under the parent's stream lock (the one a deletion decides under, so the parent is either deleted before, and the
    /// clip refused, or after, and its segments held): the rungs' playlists cut at the segments covering the stretch, the
    /// audio's within them; the clip's playlists and manifests stored; its stream started with its hold on the segments
    /// and one of the owner's <c>videos</c> (over the quota, the commit fails: what was stored is removed again).
    /// </summary>
    public static async Task<(Answer, OutgoingMessages)> Handle(
        CreateClip command, IDocumentSession session, IObjectStorage storage, MediaOptions media, QuotaOptions quotas, TimeProvider clock, CancellationToken ct)
    {
        var parent = (await session.Events.FetchForExclusiveWriting<ClipSource>(command.VideoId, ct)).Aggregate;
        var (plan, refusal) = Clips.Plan(parent, command.OwnerId, command.Request);
        if (plan is null)
        {
            return (refusal!, []);
        }

        var clipId = Guid.CreateVersion7();

        // The stored playlists are cut at segment boundaries: a frame-accurate parent's timeline starts inside them.
        var shift = parent!.TimelineStartSeconds - parent.CutStartSeconds;
        var rungs = parent!.Renditions.Values.Where(r => r.Width > 0).ToList();
        var audio = parent.Renditions.Values.Where(r => r.Width == 0).ToList();
        var renditions = new List<ClipRendition>();
        double cutStart = 0, cutEnd = 0;
        foreach (var rung in rungs)
        {
            var cut = await CutAsync(storage, rung, plan.From + shift, plan.To + shift, ct);
            (cutStart, cutEnd) = (cut.StartSeconds, cut.EndSeconds);
            renditions.Add(new ClipRendition(rung, cut.Playlist));
        }

        foreach (var track in audio)
        {
            var cut = await CutAsync(storage, track, cutStart + Clips.AudioInsetSeconds, cutEnd - Clips.AudioInsetSeconds, ct);
            renditions.Add(new ClipRendition(track, cut.Playlist));
        }

        var now = clock.GetUtcNow();
        var events = Clips.Created(parent, clipId, command.Request, plan, cutStart, cutEnd, renditions, now);
        await using (var workspace = TempWorkspace.Create(media, clipId))
        {
            var stored = renditions.Select(r => (Clips.PlaylistKey(clipId, r.Parent.Rendition), r.Playlist, StreamingLayout.PlaylistContentType)).ToList();
            var cuts = renditions.Select(r => new CutRendition(
                r.Parent.Rendition, r.Parent.Codecs, r.Parent.Width, r.Parent.Height, r.Parent.PeakBitsPerSecond, r.Parent.AverageBitsPerSecond, r.Playlist)).ToList();
            stored.Add((VideoKeys.Stream(clipId, StreamingLayout.DashManifest), StreamCuts.Dash(cuts, parent.CutStartSeconds + cutStart), StreamingLayout.DashContentType));
            stored.Add((VideoKeys.Stream(clipId, StreamingLayout.MasterPlaylist), StreamCuts.HlsMaster(cuts), StreamingLayout.PlaylistContentType));
            for (var i = 0; i < stored.Count; i++)
            {
                var (key, text, contentType) = stored[i];
                var local = workspace.PathFor($"{i}.txt");
                await File.WriteAllTextAsync(local, text, ct);
                await storage.UploadFileAsync(key, local, contentType, ct);
            }
        }

        session.Events.StartStream(clipId, events);
        session.Store(new ClipHold { Id = clipId, SegmentsOf = parent.SegmentsOf });
        QuotaLedger.QueueHold(session, command.OwnerId, QuotaSubject.Video(clipId), quotas, now, new QuotaHold(QuotaNames.Videos, 1));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch
        {
            await storage.DeleteAllAsync(VideoKeys.Folder(clipId) + "/", CancellationToken.None);
            throw;
        }

        var summary = await session.LoadAsync<VideoSummary>(clipId, ct);
        return (Answer.Created($"/videos/{clipId}", VideoView.From(summary!)), [new MakeClipFrameAccurate(clipId, parent.TimelineStartSeconds + plan.From, parent.TimelineStartSeconds + plan.To)]);
    }

    /// <summary>The clip's media playlist of <paramref name="rendition"/>: its segments covering the stretch, named by their keys where they are stored.</summary>
    private static async Task<CutPlaylist> CutAsync(IObjectStorage storage, StreamRenditionReady rendition, double from, double to, CancellationToken ct)
    {
        var folder = rendition.PlaylistKey[..rendition.PlaylistKey.LastIndexOf('/')];
        var stored = System.Text.Encoding.UTF8.GetString(await storage.ReadAllBytesAsync(rendition.PlaylistKey, ct));
        return StreamCuts.Cut(stored, from, to, 0, uri => StreamingLayout.RootUri(StreamingLayout.KeyOf(folder, uri)))
               ?? throw new InvalidOperationException($"The stored playlist {rendition.PlaylistKey} names no segments.");
    }
}

internal sealed class CreateClipEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/videos/{id:guid}/clips", (Guid id, CreateClipRequest body, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new CreateClip(id, http.User.OwnerId(), new ClipRequest(body.Start!.Value, body.End!.Value, body.Title)), http.RequestAborted))
            .WithTags("Videos")
            .WithSummary("Cut a clip of the video: a new video of the same owner, playable at once over HLS and DASH from the video's stored segments (cut at their boundaries).")
            .Produces(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
