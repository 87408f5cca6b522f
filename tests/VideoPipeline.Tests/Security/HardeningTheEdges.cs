using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Security;

/// <summary>Headers that keep pages and answers from being used against their users.</summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class HardeningTheEdges(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task every_answer_forbids_content_sniffing_and_sends_no_referrer()
    {
        var answer = await App.Host.Scenario(x =>
        {
            x.Get.Url("/videos");
            x.WithBearerToken(VideoApi.DevKey);
        });

        answer.Context.Response.Headers.XContentTypeOptions.ToString().ShouldBe("nosniff");
        answer.Context.Response.Headers["Referrer-Policy"].ToString().ShouldBe("no-referrer");
    }

    [Fact]
    public async Task the_dashboard_page_runs_only_its_own_code_and_cannot_be_framed()
    {
        var page = await App.Host.Scenario(x => x.Get.Url("/"));

        page.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("text/html");
        var policy = page.Context.Response.Headers.ContentSecurityPolicy.ToString();
        policy.ShouldContain("default-src 'self'");
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain("object-src 'none'");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldNotContain("unsafe-inline");
        page.Context.Response.Headers.XFrameOptions.ToString().ShouldBe("DENY");
    }
}
