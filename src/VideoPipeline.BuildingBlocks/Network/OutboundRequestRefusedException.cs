namespace VideoPipeline.BuildingBlocks.Network;

/// <summary>The network guard refused a request made on a user's behalf: the reason names the host and why, never retried.</summary>
public sealed class OutboundRequestRefusedException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}
