using System.Net;
using Alba;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>Many requests sent at the same moment, each on its own connection to the host, as clients racing each other send them.</summary>
public static class Burst
{
    /// <summary>Sends every request at once (released together) and returns the status codes, in the order of the requests.</summary>
    public static async Task<HttpStatusCode[]> SendAsync(IAlbaHost host, IReadOnlyList<Func<HttpRequestMessage>> requests)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(requests);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sending = requests.Select(request => Task.Run(async () =>
        {
            using var client = host.Server.CreateClient();
            using var message = request();
            await start.Task;
            using var response = await client.SendAsync(message);
            return response.StatusCode;
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(sending);
    }
}
