using System.Net;
using System.Net.Http.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Webhooks;

/// <summary>
/// An owner has at most 10 endpoints, however the registrations arrive and on whichever nodes: the database counts them in
/// the transaction that stores each one, so a burst gets exactly the free slots, and a removed endpoint's slot is free again.
/// </summary>
[Collection(IntegrationsCollection.Name)]
public sealed class LimitingEndpointsPerOwner(IntegrationsApp app) : HostSpec<IntegrationsApp>(app)
{
    private const int Limit = 10;

    [Fact]
    public async Task twenty_registrations_at_once_on_two_nodes_by_an_owner_with_one_endpoint_create_exactly_nine()
    {
        await new WebhookApi(Api).RegisterAsync(App.Server.Url("/first"));
        await using var secondNode = await App.SecondNodeAsync(new Dictionary<string, string?> { ["VideoPipeline:Network:AllowedPrivateHosts:0"] = "127.0.0.1" });

        var answers = await Task.WhenAll(
            Burst.SendAsync(App.Host, [.. Enumerable.Range(0, 10).Select(i => (Func<HttpRequestMessage>)(() => Registration($"/burst/a{i}")))]),
            Burst.SendAsync(secondNode, [.. Enumerable.Range(0, 10).Select(i => (Func<HttpRequestMessage>)(() => Registration($"/burst/b{i}")))]));
        var all = answers.SelectMany(a => a).ToList();

        all.Count(a => a == HttpStatusCode.Created).ShouldBe(Limit - 1, string.Join(", ", all));
        all.Count(a => a == HttpStatusCode.Conflict).ShouldBe(20 - (Limit - 1), string.Join(", ", all));
        (await EndpointsAsync()).ShouldBe(Limit);
    }

    [Fact]
    public async Task a_removed_endpoint_frees_its_slot_for_exactly_one_more()
    {
        var first = await new WebhookApi(Api).RegisterAsync(App.Server.Url("/0"));
        for (var i = 1; i < Limit; i++)
        {
            await new WebhookApi(Api).RegisterAsync(App.Server.Url($"/{i}"));
        }

        await Api.PostJsonAsync("/webhooks", new { url = App.Server.Url("/over") }, 409);
        await Api.DeleteAsync($"/webhooks/{first.Id}", 204);

        var answers = await Burst.SendAsync(App.Host, [.. Enumerable.Range(0, 5).Select(i => (Func<HttpRequestMessage>)(() => Registration($"/again/{i}")))]);

        answers.Count(a => a == HttpStatusCode.Created).ShouldBe(1, string.Join(", ", answers));
        (await EndpointsAsync()).ShouldBe(Limit);
    }


    private HttpRequestMessage Registration(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks") { Content = JsonContent.Create(new { url = App.Server.Url(path) }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", VideoApi.DevKey);
        return request;
    }

    private async Task<int> EndpointsAsync() => (await Api.GetAsync<List<System.Text.Json.JsonElement>>("/webhooks")).Count;
}
