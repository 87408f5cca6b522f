using VideoPipeline.BuildingBlocks.Network;

namespace VideoPipeline.Tests.Network.Deciding;

/// <summary>A URL a user gave, as the service records and shows it: where it points, never a credential in it.</summary>
public sealed class RedactingUrls
{
    [Theory]
    [InlineData("http://host/file.mp4?token=SECRET", "http://host/file.mp4?…")]
    [InlineData("https://cdn.example.com:8443/a/b.mp4?X-Amz-Signature=abc&X-Amz-Credential=k", "https://cdn.example.com:8443/a/b.mp4?…")]
    [InlineData("https://user:password@example.com/clip.mp4", "https://example.com/clip.mp4")]
    [InlineData("https://example.com/clip.mp4#t=10", "https://example.com/clip.mp4")]
    [InlineData("http://[2606:4700::6810:84e5]:8080/clip.mp4?sig=1", "http://[2606:4700::6810:84e5]:8080/clip.mp4?…")]
    [InlineData("https://example.com/clip.mp4", "https://example.com/clip.mp4")]
    [InlineData("https://example.com/clip.mp4?", "https://example.com/clip.mp4")]
    public void the_query_and_user_info_are_never_kept(string given, string recorded) =>
        RedactedUrl.Of(new Uri(given)).ToString().ShouldBe(recorded);
}
