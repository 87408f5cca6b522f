using FluentValidation;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.BuildingBlocks.Security;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Tenants.CreatingSigningKeys;

/// <summary>A new signing key for the caller's playback tokens: a name to tell it apart, RS256 (the default) or ES256.</summary>
public sealed record CreateSigningKey(string Name, string? Algorithm = null) : OwnedCommand
{
    internal sealed class Validator : AbstractValidator<CreateSigningKey>
    {
        public Validator()
        {
            RuleFor(x => x.Algorithm).Must(a => a is null || PlaybackTokens.Algorithms.Contains(a))
                .WithMessage($"'Algorithm' must be one of: {string.Join(", ", PlaybackTokens.Algorithms)}.");
            RuleFor(x => x.Name).NotEmpty().MaximumLength(100).PlainText();
        }
    }
}

/// <summary>The new key with its private half, PEM: the only time it is shown (only the public half is stored).</summary>
public sealed record CreatedSigningKey(Guid Id, string Name, string Algorithm, string PublicKey, string PrivateKey, DateTimeOffset CreatedAt);

/// <summary>What making a key needs besides the request: the key pair, its id and the time.</summary>
public sealed record NewSigningKey(Guid Id, SigningKeyPair Pair, DateTimeOffset Now);

public static class CreateSigningKeyHandler
{
    public static NewSigningKey Load(CreateSigningKey command, TimeProvider clock) =>
        new(Guid.CreateVersion7(), SigningKeyPair.New(command.Algorithm ?? PlaybackTokens.Rs256), clock.GetUtcNow());

    /// <summary>The key is stored with one of the owner's <c>signingKeys</c> held in the same commit: over the quota, nothing is.</summary>
    public static (Answer, IMartenOp, IMartenOp) Handle(CreateSigningKey command, NewSigningKey key, QuotaOptions quotas)
    {
        var stored = new StoredSigningKey
        {
            Id = key.Id,
            OwnerId = command.OwnerId,
            Name = command.Name,
            Algorithm = command.Algorithm ?? PlaybackTokens.Rs256,
            PublicKeyPem = key.Pair.PublicKeyPem,
            CreatedAt = key.Now,
        };
        var created = new CreatedSigningKey(stored.Id, stored.Name, stored.Algorithm, stored.PublicKeyPem, key.Pair.PrivateKeyPem, stored.CreatedAt);
        return (Answer.Created($"/signing-keys/{stored.Id}", created), MartenOps.Insert(stored),
            QuotaLedger.Hold(command.OwnerId, QuotaSubject.SigningKey(stored.Id), quotas, key.Now, new QuotaHold(QuotaNames.SigningKeys, 1)));
    }
}

internal sealed class CreateSigningKeyEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand<CreateSigningKey, CreatedSigningKey>("/signing-keys", StatusCodes.Status201Created)
            .WithTags("Signed playback")
            .WithSummary("Create a key to sign playback tokens with; the answer holds its private key (PEM), shown only here.")
            .ProducesProblem(StatusCodes.Status409Conflict);
}
