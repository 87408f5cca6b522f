using FluentValidation;
using VideoPipeline.BuildingBlocks.Quotas;
using JasperFx;
using Marten.Exceptions;
using VideoPipeline.Modules.Tenants.Directory;
using Wolverine.Runtime.Handlers;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Tenants.ChangingOwners;

/// <summary>
/// The body of <c>PATCH /admin/owners/{id}</c>: what is given changes, what is left out stays. <see cref="Limits"/>
/// replaces the owner's whole set of overrides (<c>{}</c> drops them all); <see cref="Status"/> suspends or reinstates.
/// </summary>
public sealed record OwnerChanges(string? Name = null, Dictionary<string, long>? Limits = null, string? Status = null)
{
    internal sealed class Validator : AbstractValidator<OwnerChanges>
    {
        public Validator(IEnumerable<OwnerLimitDefinition> perOwnerLimits)
        {
            RuleFor(x => x.Name).OwnerName();
            RuleFor(x => x.Limits).Limits([.. perOwnerLimits]);
            RuleFor(x => x.Status).Must(s => s is null or OwnerView.Active or OwnerView.Suspended)
                .WithMessage($"'Status' must be '{OwnerView.Active}' or '{OwnerView.Suspended}'.");
        }
    }
}

public sealed record ChangeOwner(string Id, OwnerChanges Changes);

/// <summary>The owner as stored (null: none), and the time.</summary>
public sealed record OwnerAt(TenantOwner? Owner, DateTimeOffset Now);

public static class ChangeOwnerHandler
{
    /// <summary>Two changes of one owner at once: the later write fails its version check and is decided again on what the first wrote.</summary>
    public static void Configure(HandlerChain chain) => chain.OnException<ConcurrencyException>().RetryTimes(3);

    public static async Task<OwnerAt> LoadAsync(ChangeOwner command, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        new(await session.LoadAsync<TenantOwner>(command.Id, ct), clock.GetUtcNow());

    public static (Answer, IMartenOp, IMartenOp, OutgoingMessages) Handle(ChangeOwner command, OwnerAt state)
    {
        if (state.Owner is not { } owner)
        {
            return (Owners.NotFound, MartenOps.Nothing(), MartenOps.Nothing(), []);
        }

        var (name, limits, status) = command.Changes;
        var outgoing = new OutgoingMessages();
        owner.Name = name ?? owner.Name;
        if (limits is not null && !SameLimits(owner.Limits, limits))
        {
            owner.Limits = new Dictionary<string, long>(limits, StringComparer.Ordinal);
            outgoing.Add(new OwnerLimitsChanged(owner.Id, owner.Limits));
        }

        var standingChanged = false;
        if (status == OwnerView.Suspended && !owner.Suspended)
        {
            // Nothing to announce: the scheduler passes a suspended owner's waiting work over by itself, and work running finishes.
            owner.SuspendedAt = state.Now;
            standingChanged = true;
        }
        else if (status == OwnerView.Active && owner.Suspended)
        {
            owner.SuspendedAt = null;
            outgoing.Add(new OwnerReinstated(owner.Id));
            standingChanged = true;
        }

        return (Answer.Ok(OwnerView.From(owner)), MartenOps.Store(owner),
            standingChanged ? TenantChanges.StandingChanged(owner.Id) : MartenOps.Nothing(), outgoing);
    }

    /// <summary>This node forgets the owner's standing at once; the others when the notification reaches them.</summary>
    public static void After(ChangeOwner command, TenantDirectory directory) => directory.ForgetOwner(command.Id);

    private static bool SameLimits(Dictionary<string, long> current, Dictionary<string, long> given) =>
        current.Count == given.Count && given.All(g => current.TryGetValue(g.Key, out var value) && value == g.Value);
}

internal sealed class ChangeOwnerEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAdmin().MapPatch("/owners/{id}", (string id, OwnerChanges changes, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new ChangeOwner(id, changes), ct))
            .WithSummary("Rename an owner, replace its limit overrides, suspend it (status 'suspended') or reinstate it ('active').")
            .Produces<OwnerView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
