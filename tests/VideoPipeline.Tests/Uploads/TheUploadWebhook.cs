using Alba;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads;

[Collection(EmbeddedStorageCollection.Name)]
public sealed class TheUploadWebhook(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    private async Task<UploadTicketDto> UploadedButNotReported()
    {
        var ticket = await Api.RequestUploadAsync();
        await Api.UploadAsync(ticket, await TestClips.Landscape480p());
        return ticket;
    }

    [Fact]
    public async Task a_forged_signature_is_refused_and_changes_nothing()
    {
        var ticket = await UploadedButNotReported();
        var body = $$"""{"key":"{{ticket.Key}}","size":1}""";

        var result = await Api.NotifyUploadAsync(
            new { key = ticket.Key, size = 1 }, 401, VideoApi.Sign(body, DateTimeOffset.UtcNow, secret: "not-the-secret"));

        (await result.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldNotBeNullOrWhiteSpace();
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }

    [Fact]
    public async Task a_missing_signature_is_refused()
    {
        var ticket = await UploadedButNotReported();

        await App.Host.Scenario(x =>
        {
            x.Post.Json(new { key = ticket.Key, size = 1 }).ToUrl("/webhook/s3-upload");
            x.StatusCodeShouldBe(401);
            x.ContentTypeShouldBe("application/problem+json");
        });
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }

    [Fact]
    public async Task a_signature_older_than_five_minutes_is_refused_as_a_replay()
    {
        var ticket = await UploadedButNotReported();
        var body = $$"""{"key":"{{ticket.Key}}","size":1}""";

        await Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }, 401, VideoApi.Sign(body, DateTimeOffset.UtcNow.AddMinutes(-6)));

        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }

    [Fact]
    public async Task a_signature_from_the_future_is_refused()
    {
        var ticket = await UploadedButNotReported();
        var body = $$"""{"key":"{{ticket.Key}}","size":1}""";

        var refusal = await Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }, 401, VideoApi.Sign(body, DateTimeOffset.UtcNow.AddMinutes(2)));

        (await refusal.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldBe("The signature timestamp is in the future.");
        await Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }, 202, VideoApi.Sign(body, DateTimeOffset.UtcNow.AddSeconds(30)));
    }

    [Theory]
    [InlineData("{0},{0},{1}")]
    [InlineData("{0},{1},{1}")]
    [InlineData("{0},{1},v0=00")]
    [InlineData("{0},{1},")]
    [InlineData("{0};{1}")]
    public async Task a_signature_header_with_a_field_repeated_or_added_is_refused(string shape)
    {
        var ticket = await UploadedButNotReported();
        var body = $$"""{"key":"{{ticket.Key}}","size":1}""";
        var parts = VideoApi.Sign(body, DateTimeOffset.UtcNow).Split(',');
        var header = string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, parts[0], parts[1]);

        var refusal = await Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }, 401, header);

        (await refusal.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldBe("The X-Webhook-Signature header must be exactly t=<unix seconds>,v1=<64 lowercase hex digits of HMAC-SHA256>.");
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }

    [Fact]
    public async Task a_document_with_more_records_than_a_notification_carries_is_refused()
    {
        var ticket = await UploadedButNotReported();
        var records = Enumerable.Range(0, 101)
            .Select(_ => new { eventName = "ObjectCreated:Put", s3 = new { @object = new { key = ticket.Key, size = 1 } } })
            .ToArray();

        var refusal = await Api.NotifyUploadAsync(new { Records = records }, 400);

        (await refusal.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldBe("The document has 101 records, more than the 100 accepted in one notification.");
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }

    [Fact]
    public async Task a_key_this_service_never_issued_is_not_found()
    {
        await Api.NotifyUploadAsync(new { key = $"videos/{Guid.NewGuid()}/raw.mp4", size = 1 }, 404);
        await Api.NotifyUploadAsync(new { key = "somewhere/else.mp4", size = 1 }, 404);
    }

    [Fact]
    public async Task a_notification_for_an_object_that_is_not_in_storage_is_unprocessable()
    {
        var ticket = await Api.RequestUploadAsync();

        await Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }, 422);

        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }

    [Fact]
    public async Task s3_events_other_than_object_created_are_accepted_and_ignored()
    {
        var ticket = await UploadedButNotReported();
        var removed = new { Records = new[] { new { eventName = "ObjectRemoved:Delete", s3 = new { @object = new { key = ticket.Key } } } } };

        await Api.NotifyUploadAsync(removed, 202);

        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }

    [Fact]
    public async Task a_minio_notification_carrying_its_bearer_token_completes_the_upload_without_a_signature()
    {
        var ticket = await UploadedButNotReported();

        await Api.AndWaitForTheQueue(() => PostMinioEventAsync(ticket.Key, VideoPipelineApp.MinioAuthToken, 202));

        var completed = (await Api.EventsAsync(ticket.VideoId)).Where(e => e.Type == "UploadCompleted").ShouldHaveSingleItem();
        completed.Data.GetProperty("reportedBy").GetString().ShouldBe("webhook");
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("processed");
    }

    [Fact]
    public async Task a_minio_notification_with_another_token_is_refused_and_changes_nothing()
    {
        var ticket = await UploadedButNotReported();

        await PostMinioEventAsync(ticket.Key, "not-the-token", 401);

        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }

    [Fact]
    public async Task bucket_events_about_the_services_own_outputs_are_accepted_and_ignored()
    {
        var ticket = await UploadedButNotReported();

        await PostMinioEventAsync($"videos/{ticket.VideoId}/480p.mp4", VideoPipelineApp.MinioAuthToken, 202);

        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }

    /// <summary>What MinIO's webhook target sends: its event document, a bearer token, no signature.</summary>
    private Task<IScenarioResult> PostMinioEventAsync(string key, string token, int expectedStatus)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            EventName = "s3:ObjectCreated:Put",
            Key = "videos/" + key,
            Records = new[]
            {
                new { eventName = "s3:ObjectCreated:Put", s3 = new { bucket = new { name = "videos" }, @object = new { key = Uri.EscapeDataString(key), size = 1 } } },
            },
        });
        return App.Host.Scenario(x =>
        {
            x.Post.Text(body).ToUrl("/webhook/s3-upload");
            x.WithRequestHeader("Content-Type", "application/json");
            x.WithBearerToken(token);
            x.StatusCodeShouldBe(expectedStatus);
        });
    }
}
