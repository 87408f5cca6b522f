using System.Text.Json.Serialization;
using FluentValidation;
using VideoPipeline.BuildingBlocks.Quotas;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Tenants.CreatingKeys;

/// <summary>
/// A new API key for the caller (or, through the admin route, for a stored owner): a name to tell it apart, its scopes
/// (<see cref="ApiScopes"/>; everything when left out) and an optional expiry.
/// </summary>
public sealed record CreateKey(string Name, IReadOnlyList<string>? Scopes = null, DateTimeOffset? ExpiresAt = null) : OwnedCommand
{
    /// <summary>Set by the admin route: the owner must be one stored as data.</summary>
    [JsonIgnore]
    public bool ForStoredOwner { get; init; }

    internal sealed class Validator : AbstractValidator<CreateKey>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(x => x.Name).NotEmpty().MaximumLength(100).PlainText();
            RuleFor(x => x.Scopes)
                .Must(scopes => scopes!.Count > 0 && scopes.All(s => s is not null && ApiScopes.Known.Contains(s)) && scopes.Distinct().Count() == scopes.Count)
                .When(x => x.Scopes is not null)
                .WithMessage($"'Scopes' must list distinct scopes among: {string.Join(", ", ApiScopes.Known)}.");
            RuleFor(x => x.ExpiresAt).Must(at => at > clock.GetUtcNow()).When(x => x.ExpiresAt is not null)
                .WithMessage("'Expires At' must be in the future.");
        }
    }
}

/// <summary>The new key, with the key itself: the only time it is shown.</summary>
public sealed record CreatedKey(Guid Id, string Name, IReadOnlyList<string> Scopes, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string Key);

/// <summary>What making a key needs besides the request: whether its owner is stored, the new key, its id and the time.</summary>
public sealed record NewKey(bool OwnerStored, string Secret, Guid Id, DateTimeOffset Now);

public static class CreateKeyHandler
{
    public static async Task<NewKey> LoadAsync(CreateKey command, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        new(!command.ForStoredOwner || await session.LoadAsync<TenantOwner>(command.OwnerId, ct) is not null, StoredKey.NewSecret(), Guid.CreateVersion7(), clock.GetUtcNow());

    /// <summary>The key is stored with one of the owner's <c>apiKeys</c> held in the same commit: over the quota, nothing is.</summary>
    public static (Answer, IMartenOp, IMartenOp) Handle(CreateKey command, NewKey key, QuotaOptions quotas)
    {
        if (!key.OwnerStored)
        {
            return (Owners.NotFound, MartenOps.Nothing(), MartenOps.Nothing());
        }

        var stored = new StoredKey
        {
            Id = key.Id,
            OwnerId = command.OwnerId,
            Name = command.Name,
            Hash = StoredKey.HashOf(key.Secret),
            Prefix = StoredKey.PrefixOf(key.Secret),
            Scopes = command.Scopes?.ToList() ?? [ApiScopes.All],
            CreatedAt = key.Now,
            ExpiresAt = command.ExpiresAt,
        };
        var created = new CreatedKey(stored.Id, stored.Name, stored.Scopes, stored.Prefix, stored.CreatedAt, stored.ExpiresAt, key.Secret);
        return (Answer.Created($"/keys/{stored.Id}", created), MartenOps.Insert(stored),
            QuotaLedger.Hold(command.OwnerId, QuotaSubject.ApiKey(stored.Id), quotas, key.Now, new QuotaHold(QuotaNames.ApiKeys, 1)));
    }
}

internal sealed class CreateKeyEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapOwnedCommand<CreateKey, CreatedKey>("/keys", StatusCodes.Status201Created)
            .WithTags("Keys")
            .WithSummary("Create an API key for yourself; the answer holds the key, shown only here.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapAdmin().MapPost("/owners/{id}/keys", (string id, CreateKey command, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(command with { OwnerId = id, ForStoredOwner = true }, ct))
            .WithSummary("Create an API key for an owner (its first key, a rotation); the answer holds the key, shown only here.")
            .Produces<CreatedKey>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
