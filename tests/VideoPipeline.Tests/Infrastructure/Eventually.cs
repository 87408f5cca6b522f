namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// For what no tracked session can wait on (a delayed retry runs when its time comes): asks again until the answer
/// holds, in a bounded loop, and fails naming what it last saw.
/// </summary>
public static class Eventually
{
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> ask, Func<T, bool> holds, TimeSpan within, string what)
    {
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(holds);
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            var answer = await ask();
            if (holds(answer))
            {
                return answer;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {within} for {what}; last seen: {System.Text.Json.JsonSerializer.Serialize(answer)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
