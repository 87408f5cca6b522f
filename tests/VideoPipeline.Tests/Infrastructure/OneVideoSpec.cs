using System.Collections.Concurrent;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// A <see cref="HostSpec{TApp}"/> whose specs read one processed video, which processing anew for each spec cost seconds
/// apiece. The class's specs start from empty data until one asks for the video (<see cref="TheVideoAsync"/>); from then on
/// they keep the data, the video and what the class's earlier specs added beside it (which none of them may look at), and
/// only the clock is set back to real time.
/// </summary>
public abstract class OneVideoSpec<TApp>(TApp app) : HostSpec<TApp>(app)
    where TApp : VideoPipelineApp
{
    /// <summary>Each spec class's video on each host (a class run once per storage backend has one on each).</summary>
    private static readonly ConcurrentDictionary<(Type Spec, VideoPipelineApp App), Task<Guid>> Videos = new();

    public override Task InitializeAsync()
    {
        if (!Videos.ContainsKey((GetType(), App)))
        {
            return base.InitializeAsync();
        }

        App.Clock.AdjustTime(DateTimeOffset.UtcNow);
        return Task.CompletedTask;
    }

    /// <summary>The class's video, made by <paramref name="make"/> for the first spec that asks.</summary>
    protected Task<Guid> TheVideoAsync(Func<Task<Guid>> make) => Videos.GetOrAdd((GetType(), App), _ => make());

    /// <summary>The class's video: <paramref name="clip"/> uploaded and processed for the first spec that asks.</summary>
    protected Task<Guid> TheVideoAsync(Func<Task<string>> clip) => TheVideoAsync(async () => await Api.UploadAndProcessAsync(await clip()));
}
