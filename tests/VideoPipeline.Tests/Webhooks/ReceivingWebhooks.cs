using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Webhooks;

/// <summary>An integrator's backend hears about its videos over HTTP, each delivery signed so it can tell it is genuine.</summary>
[Collection(IntegrationsCollection.Name)]
public sealed class ReceivingWebhooks(IntegrationsApp app) : HostSpec<IntegrationsApp>(app)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private readonly string _path = $"/receiver/{Guid.NewGuid():N}";

    private WebhookApi Webhooks => new(Api);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var receiver in (string[])[_path, _path + "/all", _path + "/processed", _path + "/other-owner"])
        {
            App.Server.Map(receiver, _ => 204);
        }
    }

    [Fact]
    public async Task a_processed_video_is_announced_to_its_owners_endpoints_signed_with_each_endpoints_secret()
    {
        var everything = await Webhooks.RegisterAsync(App.Server.Url(_path + "/all"));
        var processedOnly = await Webhooks.RegisterAsync(App.Server.Url(_path + "/processed"), ["video.processed"]);
        await Webhooks.RegisterAsync(App.Server.Url(_path + "/other-owner"), key: VideoApi.OtherOwnersKey);
        var metadata = new Dictionary<string, string> { ["customer"] = "acme", ["order"] = "42" };

        var ticket = await Api.RequestUploadAsync(passthrough: "crm-7781", metadata: metadata);
        await Api.UploadAsync(ticket, await TestClips.Landscape480p());
        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));

        var received = new List<ReceivedRequest>();
        for (var i = 0; i < 3; i++)
        {
            received.Add(await App.Server.NextAsync(_path + "/all", Within));
        }

        var events = received.Select(ReceivingSide.Event).ToList();
        events.Select(e => e.Type).ShouldBe(["video.upload.completed", "video.playable", "video.processed"], ignoreOrder: true);
        received.ShouldAllBe(r => ReceivingSide.IsGenuine(r, everything.Secret, App.Clock.GetUtcNow(), Tolerance));
        received.ShouldAllBe(r => !ReceivingSide.IsGenuine(r, processedOnly.Secret, App.Clock.GetUtcNow(), Tolerance));
        received.ShouldAllBe(r => r.Header("Content-Type").StartsWith("application/json") && r.Header("VideoPipeline-Event-Id") == ReceivingSide.Event(r).Id.ToString());
        events.Select(e => e.Id).Distinct().Count().ShouldBe(3);
        events.ShouldAllBe(e => e.Data.VideoId == ticket.VideoId && e.Data.Passthrough == "crm-7781" && e.Data.Metadata["customer"] == "acme");
        var processed = events.Single(e => e.Type == "video.processed");
        processed.Data.Status.ShouldBe("processed");
        processed.Data.Renditions.ShouldNotBeNull().Select(r => r.Resolution).ShouldContain("480p");
        events.Single(e => e.Type == "video.upload.completed").Data.SizeBytes.ShouldBe(new FileInfo(await TestClips.Landscape480p()).Length);

        var onlyProcessed = await App.Server.NextAsync(_path + "/processed", Within);
        ReceivingSide.Event(onlyProcessed).Id.ShouldBe(processed.Id, "every endpoint gets the same event id");
        ReceivingSide.IsGenuine(onlyProcessed, processedOnly.Secret, App.Clock.GetUtcNow(), Tolerance).ShouldBeTrue();
        App.Server.Take(_path + "/processed").ShouldBeEmpty();
        App.Server.CallsTo(_path + "/other-owner").ShouldBe(0);
    }

    [Fact]
    public async Task the_secret_is_shown_once_and_a_rotated_one_signs_what_follows()
    {
        var endpoint = await Webhooks.RegisterAsync(App.Server.Url(_path), ["video.upload.completed"]);
        var listed = await Api.GetAsync<List<WebhookEndpointDto>>("/webhooks");
        listed.ShouldHaveSingleItem().Id.ShouldBe(endpoint.Id);
        (await App.Host.Scenario(x =>
        {
            x.Get.Url("/webhooks");
            x.WithBearerToken(VideoApi.DevKey);
        })).ReadAsText().ShouldNotContain(endpoint.Secret);

        var rotated = await (await Api.PostAsync($"/webhooks/{endpoint.Id}/rotate-secret", 200)).ReadAsJsonAsync<RotatedSecretDto>();
        await Api.AndWaitForTheQueue(async () => await Api.UploadAndReportAsync(await TestClips.NotAVideo()));

        var delivery = await App.Server.NextAsync(_path, Within);
        rotated!.Secret.ShouldNotBe(endpoint.Secret);
        ReceivingSide.IsGenuine(delivery, rotated.Secret, App.Clock.GetUtcNow(), Tolerance).ShouldBeTrue();
        ReceivingSide.IsGenuine(delivery, endpoint.Secret, App.Clock.GetUtcNow(), Tolerance).ShouldBeFalse();
        (await Api.GetAsync<List<WebhookEndpointDto>>("/webhooks")).Single().SecretRotatedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task a_video_that_is_not_a_video_is_announced_as_failed_with_the_reason()
    {
        await Webhooks.RegisterAsync(App.Server.Url(_path), ["video.failed"]);

        var ticket = await Api.RequestUploadAsync();
        await Api.UploadAsync(ticket, await TestClips.NotAVideo());
        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));

        var failed = ReceivingSide.Event(await App.Server.NextAsync(_path, Within));
        failed.Type.ShouldBe("video.failed");
        failed.Data.Status.ShouldBe("failed");
        failed.Data.Error.ShouldBe((await Api.VideoAsync(ticket.VideoId)).LastError);
    }

    [Fact]
    public async Task a_deleted_video_is_announced_with_the_integrators_fields()
    {
        var endpoint = await Webhooks.RegisterAsync(App.Server.Url(_path), ["video.deleted"]);
        var ticket = await Api.RequestUploadAsync(passthrough: "crm-9", metadata: new() { ["customer"] = "acme" });

        await Api.AndWaitForTheQueue(() => Api.DeleteAsync($"/videos/{ticket.VideoId}", 202));

        var request = await App.Server.NextAsync(_path, Within);
        var deleted = ReceivingSide.Event(request);
        (deleted.Type, deleted.Data.VideoId, deleted.Data.Status, deleted.Data.Passthrough).ShouldBe(("video.deleted", ticket.VideoId, "deleted", (string?)"crm-9"));
        ReceivingSide.IsGenuine(request, endpoint.Secret, App.Clock.GetUtcNow(), Tolerance).ShouldBeTrue();
    }

    [Fact]
    public async Task a_caption_track_added_is_announced_with_its_language_label_and_cue_count()
    {
        var endpoint = await Webhooks.RegisterAsync(App.Server.Url(_path), ["caption.added"]);
        var video = await Api.UploadedVideoAsync(passthrough: "crm-12");

        await Api.AndWaitForTheQueue(() => Api.AddCaptionAsync(video, "de", "Deutsch", "WEBVTT\n\n00:00.000 --> 00:01.000\nHallo\n\n00:01.000 --> 00:02.000\nWelt\n"));

        var request = await App.Server.NextAsync(_path, Within);
        var added = ReceivingSide.Event(request);
        (added.Type, added.Data.VideoId, added.Data.Passthrough).ShouldBe(("caption.added", video, (string?)"crm-12"));
        added.Data.Caption.ShouldBe(new WebhookCaptionDto("de", "Deutsch", 2));
        ReceivingSide.IsGenuine(request, endpoint.Secret, App.Clock.GetUtcNow(), Tolerance).ShouldBeTrue();
    }

    [Fact]
    public async Task an_endpoint_is_its_owners_alone_and_is_gone_once_removed()
    {
        var endpoint = await Webhooks.RegisterAsync(App.Server.Url(_path));

        await Api.GetAsync<object>($"/webhooks/{endpoint.Id}/deliveries", VideoApi.OtherOwnersKey, expectedStatus: 404);
        await Api.PostAsync($"/webhooks/{endpoint.Id}/rotate-secret", 404, VideoApi.OtherOwnersKey);
        await Api.DeleteAsync($"/webhooks/{endpoint.Id}", 404, VideoApi.OtherOwnersKey);
        (await Api.GetAsync<List<WebhookEndpointDto>>("/webhooks", VideoApi.OtherOwnersKey)).ShouldBeEmpty();

        await Api.DeleteAsync($"/webhooks/{endpoint.Id}", 204);
        await Api.AndWaitForTheQueue(async () => await Api.UploadAndReportAsync(await TestClips.Tiny()));

        (await Api.GetAsync<List<WebhookEndpointDto>>("/webhooks")).ShouldBeEmpty();
        App.Server.CallsTo(_path).ShouldBe(0);
    }

    [Fact]
    public async Task an_endpoint_the_guard_would_refuse_is_refused_when_registered()
    {
        foreach (var url in (string[])["http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/hook", "ftp://example.com/hook", "http://user:pw@example.com/", "not a url",
                     "http://[64:ff9b:1::a9fe:a9fe]/latest", "http://[::ffff:0:127.0.0.1]:18080/file", "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/"])
        {
            var refused = await Api.PostJsonAsync("/webhooks", new { url }, 400);
            (await refused.ReadAsJsonAsync<ProblemDto>())!.Errors.ShouldNotBeNull().ShouldContainKey("url");
        }

        await Api.PostJsonAsync("/webhooks", new { url = "https://hooks.example.com/videos", events = new[] { "video.exploded" } }, 400);
        (await Api.GetAsync<List<WebhookEndpointDto>>("/webhooks")).ShouldBeEmpty();
    }
}
