using Alba;
using Microsoft.AspNetCore.Hosting;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Security;

/// <summary>
/// Several nodes need one store: with the embedded store, a clustered durability mode is refused unless its folder is
/// declared shared, with the reason; declared shared, the node starts.
/// </summary>
public sealed class ClusteringSafely : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "videopipeline-clustering-" + Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task a_balanced_node_on_an_unshared_embedded_store_is_refused_saying_why()
    {
        var refused = (await Should.ThrowAsync<Exception>(() => StartAsync(shared: false))).GetBaseException();

        refused.ShouldBeOfType<InvalidOperationException>();
        refused.Message.ShouldContain("VideoPipeline:Queue:DurabilityMode is 'Balanced'");
        refused.Message.ShouldContain("the other nodes cannot read what this one stored");
        refused.Message.ShouldContain("VideoPipeline:Storage:FileSystem:Shared=true");
    }

    [Fact]
    public async Task a_balanced_node_on_an_embedded_store_declared_shared_starts()
    {
        await using var host = await StartAsync(shared: true);

        await host.Scenario(x =>
        {
            x.Get.Url("/health/live");
            x.StatusCodeShouldBeOk();
        });
    }

    private async Task<IAlbaHost> StartAsync(bool shared)
    {
        var settings = VideoPipelineApp.CommonSettings(await TestEnvironment.DatabaseAsync("clustering"), _folder);
        settings["VideoPipeline:Storage:Backend"] = "FileSystem";
        settings["VideoPipeline:Storage:FileSystem:Root"] = Path.Combine(_folder, "objects");
        settings["VideoPipeline:Storage:FileSystem:Shared"] = shared ? "true" : "false";
        settings["VideoPipeline:Queue:DurabilityMode"] = "Balanced";
        return await AlbaHost.For<Program>(web =>
        {
            web.UseEnvironment("Development");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
    }
}
