namespace VideoPipeline.Modules.Live;

/// <summary>
/// The lease of the node reading one connection's input: taken in the commit that accepts the publish, renewed by the
/// reading node while it reads (<see cref="Ingesting.LiveIngests"/>). One that runs out means that node is gone: the
/// cluster's <see cref="CheckIngest"/> ends the connection, and a publisher coming back through another node takes over.
/// </summary>
public sealed class IngestLease
{
    public string Id { get; set; } = "";
    public Guid LiveStreamId { get; set; }
    public int Connection { get; set; }
    public string Node { get; set; } = "";
    public DateTimeOffset Until { get; set; }

    public static string IdOf(Guid liveStreamId, int connection) => $"{liveStreamId:N}:{connection}";

    public static IngestLease For(Guid liveStreamId, int connection, string node, DateTimeOffset until) =>
        new() { Id = IdOf(liveStreamId, connection), LiveStreamId = liveStreamId, Connection = connection, Node = node, Until = until };
}
