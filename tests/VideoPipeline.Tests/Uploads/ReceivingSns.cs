using System.Text.Json;
using Alba;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads;

/// <summary>
/// S3 events delivered by Amazon SNS: only messages SNS really signed, from the expected topic, are believed;
/// a subscription is confirmed by visiting its SubscribeURL.
/// </summary>
[Collection(StrictUploadsCollection.Name)]
public sealed class ReceivingSns(StrictUploadsApp app) : HostSpec<StrictUploadsApp>(app)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task a_signed_s3_event_completes_the_upload(int signatureVersion)
    {
        var ticket = await UploadedButNotReported();

        await Api.AndWaitForTheQueue(() => PostAsync(App.Sns.Notification(S3Event(ticket.Key), signatureVersion), 200));

        var completed = (await Api.EventsAsync(ticket.VideoId)).Where(e => e.Type == "UploadCompleted").ShouldHaveSingleItem();
        completed.Data.GetProperty("reportedBy").GetString().ShouldBe("sns");
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("processed");
    }

    [Fact]
    public async Task a_message_changed_after_signing_is_refused_and_changes_nothing()
    {
        var ticket = await UploadedButNotReported();
        var other = await UploadedButNotReported();
        var signed = App.Sns.Notification(S3Event(other.Key));

        var refusal = await PostAsync(LocalSns.WithMessage(signed, S3Event(ticket.Key)), 401);

        (await refusal.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldBe("The signature does not match the message.");
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }

    [Fact]
    public async Task a_certificate_download_that_failed_is_not_remembered()
    {
        var ticket = await UploadedButNotReported();
        var flaky = App.Sns.CertificateUrlNamed($"flaky-{Guid.NewGuid():N}");
        App.Sns.FailNextCertificateFetches = 1;

        var refusal = await PostAsync(App.Sns.Notification(S3Event(ticket.Key), certificateUrl: flaky), 401);
        (await refusal.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldBe($"No certificate could be read from '{flaky}'.");

        await Api.AndWaitForTheQueue(() => PostAsync(App.Sns.Notification(S3Event(ticket.Key), certificateUrl: flaky), 200));
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("processed");
    }

    [Fact]
    public async Task certificates_are_kept_but_not_without_bound()
    {
        var testEvent = """{"Service":"Amazon S3","Event":"s3:TestEvent"}""";
        var once = App.Sns.CertificateUrlNamed($"once-{Guid.NewGuid():N}");
        var before = App.Sns.CertificateFetches;
        await PostAsync(App.Sns.Notification(testEvent, certificateUrl: once), 200);
        await PostAsync(App.Sns.Notification(testEvent, certificateUrl: once), 200);
        App.Sns.CertificateFetches.ShouldBe(before + 1, "a certificate is fetched once and kept");

        var many = Enumerable.Range(0, 100).Select(i => App.Sns.CertificateUrlNamed($"many-{i}-{Guid.NewGuid():N}")).ToList();
        foreach (var url in many)
        {
            await PostAsync(App.Sns.Notification(testEvent, certificateUrl: url), 200);
        }

        var afterFirstRound = App.Sns.CertificateFetches;
        foreach (var url in many)
        {
            await PostAsync(App.Sns.Notification(testEvent, certificateUrl: url), 200);
        }

        (App.Sns.CertificateFetches - afterFirstRound).ShouldBeGreaterThanOrEqualTo(100 - 64, "at most 64 certificates are kept");
    }

    [Fact]
    public async Task a_certificate_that_is_not_from_sns_is_refused()
    {
        var ticket = await UploadedButNotReported();
        var elsewhere = new Uri("https://attacker.example.com/SimpleNotificationService.pem");

        var refusal = await PostAsync(App.Sns.Notification(S3Event(ticket.Key), certificateUrl: elsewhere), 401);

        (await refusal.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldNotBeNull().ShouldContain("not an SNS certificate URL");
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }

    [Fact]
    public async Task a_message_from_another_topic_is_refused()
    {
        var ticket = await UploadedButNotReported();

        await PostAsync(App.Sns.Notification(S3Event(ticket.Key), topicArn: "arn:aws:sns:us-east-1:999999999999:someone-else"), 403);

        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }

    [Fact]
    public async Task a_subscription_confirmation_is_confirmed_by_visiting_its_subscribe_url()
    {
        var token = Guid.NewGuid().ToString("N");

        await PostAsync(App.Sns.SubscriptionConfirmation(token), 200);

        App.Sns.Confirmations.ShouldContain(token);
    }

    [Fact]
    public async Task the_test_event_s3_sends_when_notifications_are_set_up_is_accepted_and_ignored()
    {
        var testEvent = JsonSerializer.Serialize(new { Service = "Amazon S3", Event = "s3:TestEvent", Bucket = "videos" });

        await PostAsync(App.Sns.Notification(testEvent), 200);
    }

    private async Task<UploadTicketDto> UploadedButNotReported()
    {
        var ticket = await Api.RequestUploadAsync();
        await Api.UploadAsync(ticket, await TestClips.Tiny());
        return ticket;
    }

    private static string S3Event(string key) => JsonSerializer.Serialize(new
    {
        Records = new[]
        {
            new { eventName = "ObjectCreated:Put", s3 = new { bucket = new { name = "videos" }, @object = new { key = Uri.EscapeDataString(key), size = 1 } } },
        },
    });

    // SNS posts its JSON with Content-Type text/plain.
    private Task<IScenarioResult> PostAsync(string body, int expectedStatus) =>
        App.Host.Scenario(x =>
        {
            x.Post.Text(body).ToUrl("/webhook/sns");
            x.WithRequestHeader("x-amz-sns-message-type", JsonDocument.Parse(body).RootElement.GetProperty("Type").GetString()!);
            x.StatusCodeShouldBe(expectedStatus);
        });
}
