using FluentValidation;
using VideoPipeline.BuildingBlocks.Quotas;
using JasperFx;
using Marten.Exceptions;
using Wolverine.Runtime.Handlers;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Tenants.CreatingOwners;

/// <summary>An admin onboards a customer: its id (what its keys and videos are owned by), a name, limit overrides.</summary>
public sealed record CreateOwner(string Id, string? Name = null, Dictionary<string, long>? Limits = null)
{
    internal sealed class Validator : AbstractValidator<CreateOwner>
    {
        public Validator(IEnumerable<OwnerLimitDefinition> perOwnerLimits)
        {
            RuleFor(x => x.Id).OwnerId();
            RuleFor(x => x.Name).OwnerName();
            RuleFor(x => x.Limits).Limits([.. perOwnerLimits]);
        }
    }
}

/// <summary>What creating needs besides the request: whether the id is taken, and the time.</summary>
public sealed record OwnerIdFacts(bool Taken, DateTimeOffset Now);

public static class CreateOwnerHandler
{
    /// <summary>Two creations of one id at once: the second insert fails, and its retry finds the id taken (409).</summary>
    public static void Configure(HandlerChain chain) => chain.OnException<DocumentAlreadyExistsException>().RetryOnce();

    public static async Task<OwnerIdFacts> LoadAsync(CreateOwner command, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        new(await session.LoadAsync<TenantOwner>(command.Id, ct) is not null, clock.GetUtcNow());

    public static (Answer, IMartenOp, OutgoingMessages) Handle(CreateOwner command, OwnerIdFacts facts)
    {
        if (facts.Taken)
        {
            return (Answer.Conflict("The owner exists.", $"An owner with id '{command.Id}' exists already; change it with PATCH /admin/owners/{command.Id}."),
                MartenOps.Nothing(), []);
        }

        var owner = new TenantOwner
        {
            Id = command.Id,
            Name = command.Name,
            Limits = new Dictionary<string, long>(command.Limits ?? [], StringComparer.Ordinal),
            CreatedAt = facts.Now,
        };
        OutgoingMessages outgoing = owner.Limits.Count > 0 ? [new OwnerLimitsChanged(owner.Id, owner.Limits)] : [];
        return (Answer.Created($"/admin/owners/{owner.Id}", OwnerView.From(owner)), MartenOps.Insert(owner), outgoing);
    }
}

internal sealed class CreateOwnerEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapAdmin().MapPost("/owners", (CreateOwner command, IMessageBus bus, CancellationToken ct) => bus.AnswerAsync(command, ct))
            .WithSummary("Create an owner (a customer), optionally with a name and limit overrides.")
            .Produces<OwnerView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
