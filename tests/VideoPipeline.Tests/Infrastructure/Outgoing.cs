using Wolverine;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>What a decider sends, read back for a given/when/then spec: each message with the time it is scheduled for (null: now).</summary>
public sealed record Sent(object Message, DateTimeOffset? At)
{
    public static IReadOnlyList<Sent> Of(OutgoingMessages outgoing) =>
        outgoing.Select(item => item.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(DeliveryMessage<>)
                ? new Sent(type.GetProperty(nameof(DeliveryMessage<object>.Message))!.GetValue(item)!,
                    ((DeliveryOptions)type.GetProperty(nameof(DeliveryMessage<object>.Options))!.GetValue(item)!).ScheduledTime)
                : new Sent(item, null))
            .ToList();
}
