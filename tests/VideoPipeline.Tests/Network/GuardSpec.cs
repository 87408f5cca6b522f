using System.Globalization;
using VideoPipeline.BuildingBlocks.Network;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Network;

/// <summary>
/// The context the guard's specs share: a real server on loopback whose <c>/ok</c> is the place no refused request may
/// reach, and real HTTP clients whose connections go through a guard.
/// </summary>
public abstract class GuardSpec : IAsyncLifetime
{
    protected LocalServer Server { get; private set; } = null!;

    protected string Port => Server.BaseUrl.Port.ToString(CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        Server = await LocalServer.StartAsync();
        Server.Map("/ok", _ => 200);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    protected static HttpClient Client(NetworkGuard guard) => new(guard.CreateHandler(TimeSpan.FromSeconds(5))) { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The guard's reason for refusing, thrown directly or inside the client's exception; <c>/ok</c> was never reached.</summary>
    protected string RefusalIn(Exception thrown)
    {
        Server.CallsTo("/ok").ShouldBe(0);
        return (thrown as OutboundRequestRefusedException ?? thrown.InnerException as OutboundRequestRefusedException).ShouldNotBeNull(thrown.ToString()).Reason;
    }
}
