namespace VideoPipeline.BuildingBlocks.Network;

/// <summary>Section <c>VideoPipeline:Network</c>: what requests made on a user's behalf may reach.</summary>
public sealed class NetworkGuardOptions
{
    public const string Section = "VideoPipeline:Network";

    /// <summary>
    /// Host names (as written in URLs: <c>minio</c>, <c>127.0.0.1</c>, <c>[::1]</c> without brackets) that may resolve to
    /// a loopback, private or link-local address all the same: internal set-ups and tests. Empty by default.
    /// </summary>
    public string[] AllowedPrivateHosts { get; set; } = [];
}
