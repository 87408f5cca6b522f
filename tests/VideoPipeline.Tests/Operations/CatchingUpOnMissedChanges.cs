using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VideoPipeline.Operations.LiveUpdates;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Operations;

/// <summary>
/// A node reads committed changes from the event store by sequence, whichever notification told it to: one that never
/// reached it (a lost connection, a node killed between its commit and its announcement) is made up by the next one, and
/// nothing is handed on twice. The reader here is a second one beside the host's own, told to read only when the spec says.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class CatchingUpOnMissedChanges(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task changes_whose_notification_was_missed_are_handed_on_at_the_next_one_each_once_in_order()
    {
        var services = App.Host.Services;
        var store = services.GetRequiredService<IDocumentStore>();
        var changes = new VideoChanges(store);
        var (_, heard) = changes.Listen("dev", isAdmin: true);
        using var reader = new CommittedEvents(services.GetRequiredService<NpgsqlDataSource>(), store, changes, TimeProvider.System);
        await reader.StartAsync(CancellationToken.None);

        var missed = (await Api.RequestUploadAsync()).VideoId;
        var announced = (await Api.RequestUploadAsync()).VideoId;
        await reader.ReadAsync(CancellationToken.None);
        var first = Drain(heard, missed, announced);
        await reader.ReadAsync(CancellationToken.None);
        var second = Drain(heard, missed, announced);

        first.Select(c => (c.VideoId, c.Type)).ShouldBe([(missed, "UploadRequested"), (announced, "UploadRequested")]);
        first[0].Sequence.ShouldBeLessThan(first[1].Sequence);
        second.ShouldBeEmpty("what was handed on is never handed on again");
    }

    private static List<VideoChange> Drain(System.Threading.Channels.ChannelReader<VideoChange> heard, params Guid[] videos)
    {
        var received = new List<VideoChange>();
        while (heard.TryRead(out var change))
        {
            if (videos.Contains(change.VideoId))
            {
                received.Add(change);
            }
        }

        return received;
    }
}
