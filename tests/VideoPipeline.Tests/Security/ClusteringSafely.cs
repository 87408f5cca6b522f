using Alba;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Security;

/// <summary>
/// Several nodes need one store: with the embedded store, a clustered durability mode is refused unless its folder is
/// declared shared, with the reason; declared shared, the node starts.
/// </summary>
public sealed class ClusteringSafely : OwnServiceSpec
{
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
        var settings = SettingsOn(await TestEnvironment.DatabaseAsync("clustering"));
        settings["VideoPipeline:Storage:FileSystem:Shared"] = shared ? "true" : "false";
        settings["VideoPipeline:Queue:DurabilityMode"] = "Balanced";
        return await VideoPipelineApp.StartHostAsync(settings);
    }
}
