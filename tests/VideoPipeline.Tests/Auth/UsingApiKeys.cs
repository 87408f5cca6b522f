using VideoPipeline.Auth;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Auth;

/// <summary>Keys configured as SHA-256 hashes (the host has one, see <see cref="VideoPipelineApp.HashedKey"/>).</summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class UsingApiKeys(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task a_key_configured_only_by_its_hash_is_accepted_for_its_owner()
    {
        var ticket = await Api.RequestUploadAsync(key: VideoPipelineApp.HashedKey);

        (await Api.GetAsync<VideoDto>($"/videos/{ticket.VideoId}", VideoPipelineApp.HashedKey)).Id.ShouldBe(ticket.VideoId);
        await Api.GetAsync<ProblemDto>($"/videos/{ticket.VideoId}", VideoApi.DevKey, expectedStatus: 404);
    }

    [Fact]
    public async Task presenting_the_configured_hash_itself_is_refused()
    {
        await Api.GetAsync<ProblemDto>("/videos", VideoPipelineApp.HashOf(VideoPipelineApp.HashedKey), expectedStatus: 401);
        await Api.GetAsync<ProblemDto>("/videos", VideoPipelineApp.HashedKey + "x", expectedStatus: 401);
    }

    [Fact]
    public void a_malformed_hash_stops_the_service_at_start_up()
    {
        Should.Throw<InvalidOperationException>(() => new ApiKeyRegistry(new ApiKeyOptions { Keys = { ["owner"] = ["sha256:not-hex"] } }));
        Should.Throw<InvalidOperationException>(() => new ApiKeyRegistry(new ApiKeyOptions
        {
            ApiKeys = { ["same-key"] = "one" },
            AdminKeys = { ["two"] = [ApiKeyRegistry.HashOf("same-key")] },
        }));
    }

    [Fact]
    public void the_hash_is_the_lowercase_hex_sha256_of_the_key_as_sha256sum_prints_it()
    {
        // printf %s 'dev-key' | sha256sum
        ApiKeyRegistry.HashOf("dev-key").ShouldBe("sha256:7e9f8fd111802be56c379d597842e29b2cebd35ff2133d431a49fa556a18704e");
        new ApiKeyRegistry(new ApiKeyOptions { Keys = { ["o"] = [ApiKeyRegistry.HashOf("k")] } }).Find("k").ShouldNotBeNull().Owner.ShouldBe("o");
    }
}
