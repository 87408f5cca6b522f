using VideoPipeline.Modules.Webhooks.Notifying;

namespace VideoPipeline.Modules.Webhooks;

/// <summary>The states of a delivery.</summary>
public static class DeliveryStatus
{
    /// <summary>Not yet answered with a 2xx, and still being tried.</summary>
    public const string Pending = "pending";

    public const string Succeeded = "succeeded";

    /// <summary>Retried for <see cref="WebhooksOptions.RetryFor"/> without a 2xx: kept, and can be redelivered.</summary>
    public const string Failed = "failed";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Pending, Succeeded, Failed };
}

/// <summary>One event for one endpoint: its body (the same bytes on every attempt), and every attempt made so far.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid EndpointId { get; set; }
    public string OwnerId { get; set; } = "";

    /// <summary>The event's id, the same for every endpoint and every attempt: what receivers deduplicate on.</summary>
    public Guid EventId { get; set; }
    public string EventType { get; set; } = "";

    /// <summary>The JSON body as sent: <c>{id, type, createdAt, data}</c>.</summary>
    public string Payload { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public string Status { get; set; } = DeliveryStatus.Pending;
    public List<DeliveryAttempt> Attempts { get; set; } = [];

    /// <summary>When the current series of attempts began (its first attempt); a redelivery starts a new series.</summary>
    public DateTimeOffset? SeriesStartedAt { get; set; }

    /// <summary>Failed attempts in the current series: they set the next wait.</summary>
    public int SeriesFailures { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>
    /// The one queued attempt this delivery waits for. Each scheduled attempt carries a new ticket, so a message that
    /// arrives twice, or one a redelivery replaced, finds a different ticket and does nothing.
    /// </summary>
    public Guid Ticket { get; set; }

    /// <summary>A delivery of the event <paramref name="eventId"/> (the same on every attempt and for every endpoint) to <paramref name="endpoint"/>.</summary>
    public static WebhookDelivery For(WebhookEndpoint endpoint, Guid eventId, string eventType, DateTimeOffset createdAt, string payload) => new()
    {
        Id = Guid.CreateVersion7(),
        EndpointId = endpoint.Id,
        OwnerId = endpoint.OwnerId,
        EventId = eventId,
        EventType = eventType,
        Payload = payload,
        CreatedAt = createdAt,
        Ticket = Guid.NewGuid(),
    };

    /// <summary>Whether <paramref name="ticket"/> is the attempt this delivery waits for.</summary>
    public bool Awaits(Guid ticket) => Status == DeliveryStatus.Pending && ticket == Ticket;

    /// <summary>
    /// Records an attempt: a 2xx succeeds; anything else is retried after an exponentially growing wait while the series
    /// is younger than <see cref="WebhooksOptions.RetryFor"/>, and fails the delivery after that. Answers when to try again.
    /// </summary>
    public TimeSpan? Record(AttemptOutcome outcome, DateTimeOffset at, WebhooksOptions options)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(options);
        SeriesStartedAt ??= at;
        Attempts.Add(new DeliveryAttempt(Attempts.Count + 1, at, outcome.StatusCode, outcome.Error, (long)outcome.Duration.TotalMilliseconds));
        if (outcome.Succeeded)
        {
            (Status, NextAttemptAt) = (DeliveryStatus.Succeeded, null);
            return null;
        }

        if (at - SeriesStartedAt >= options.RetryFor)
        {
            (Status, NextAttemptAt) = (DeliveryStatus.Failed, null);
            return null;
        }

        var wait = Backoff(++SeriesFailures, options);
        (NextAttemptAt, Ticket) = (at + wait, Guid.NewGuid());
        return wait;
    }

    /// <summary>The owner asks for the event again: a new series of attempts starts now, whatever became of the last one.</summary>
    public Guid Redeliver()
    {
        (Status, SeriesStartedAt, SeriesFailures, NextAttemptAt, Ticket) = (DeliveryStatus.Pending, null, 0, null, Guid.NewGuid());
        return Ticket;
    }

    /// <summary>The wait after the <paramref name="failures"/>-th failure of a series: the first delay, doubled each time, capped.</summary>
    public static TimeSpan Backoff(int failures, WebhooksOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var doublings = Math.Clamp(failures - 1, 0, 30);
        var wait = options.FirstRetryDelay * Math.Pow(2, doublings);
        return wait < options.MaxRetryDelay ? wait : options.MaxRetryDelay;
    }
}

/// <param name="StatusCode">The receiver's answer; null when there was none (refused, unreachable, timed out).</param>
public sealed record DeliveryAttempt(int Number, DateTimeOffset At, int? StatusCode, string? Error, long DurationMs)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>How one POST to an endpoint ended.</summary>
public sealed record AttemptOutcome(int? StatusCode, string? Error, TimeSpan Duration)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
