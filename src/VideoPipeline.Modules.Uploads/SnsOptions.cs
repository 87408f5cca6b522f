namespace VideoPipeline.Modules.Uploads;

/// <summary>Amazon SNS delivery of S3 events (section <c>VideoPipeline:Sns</c>).</summary>
public sealed class SnsOptions
{
    public const string Section = "VideoPipeline:Sns";

    /// <summary>The topics whose messages are accepted; a message from any other topic is refused.</summary>
    public string[] AllowedTopicArns { get; set; } = [];

    /// <summary>
    /// URL prefixes trusted for signing certificates and subscription confirmations besides SNS itself
    /// (<c>https://sns.&lt;region&gt;.amazonaws.com/</c>). Empty in production; the specs trust their own local signer.
    /// </summary>
    public string[] TrustedUrlPrefixes { get; set; } = [];
}
