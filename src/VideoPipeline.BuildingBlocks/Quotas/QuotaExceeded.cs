using System.Text.Json;
using Npgsql;

namespace VideoPipeline.BuildingBlocks.Quotas;

/// <summary>
/// A hold the database refused: <paramref name="Quota"/> is at <paramref name="Used"/> of <paramref name="Limit"/>, and the
/// request needed <paramref name="Requested"/> more. Found in whatever Marten or Wolverine wrapped the refusal in.
/// </summary>
public sealed record QuotaExceeded(string Quota, long Limit, long Used, long Requested)
{
    /// <summary>Written for the owner: the quota, its limit and what is used.</summary>
    public string Describe() =>
        $"The '{Quota}' quota is {Limit}, {Used} of it in use, and this needs {Requested} more. Free some (delete what you no longer need) or ask for a higher limit.";

    /// <summary>The refusal <paramref name="exception"/> carries, or null when it is not one.</summary>
    public static QuotaExceeded? In(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var e))
        {
            if (e is PostgresException { SqlState: QuotaSchema.ExceededState, MessageText: { } detail })
            {
                var json = JsonDocument.Parse(detail).RootElement;
                return new QuotaExceeded(
                    json.GetProperty("quota").GetString()!, json.GetProperty("limit").GetInt64(), json.GetProperty("used").GetInt64(), json.GetProperty("requested").GetInt64());
            }

            if (e is AggregateException aggregate)
            {
                aggregate.InnerExceptions.ToList().ForEach(pending.Push);
            }
            else if (e.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return null;
    }
}
