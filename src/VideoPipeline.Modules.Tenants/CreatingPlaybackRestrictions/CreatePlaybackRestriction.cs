using FluentValidation;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.BuildingBlocks.Security;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Tenants.CreatingPlaybackRestrictions;

/// <summary>
/// A new playback restriction: the sites (<c>example.com</c>, <c>*.example.com</c>) whose pages may use a token naming it,
/// and whether requests without a referrer may. One that would allow nothing (no domain, no requests without a
/// referrer) is refused.
/// </summary>
public sealed record CreatePlaybackRestriction(IReadOnlyList<string>? ReferrerDomains, bool AllowNoReferrer = false) : OwnedCommand
{
    internal sealed class Validator : AbstractValidator<CreatePlaybackRestriction>
    {
        public Validator()
        {
            RuleFor(x => x.ReferrerDomains).NotNull()
                .Must(domains => domains is null || domains.Count <= ReferrerRule.MaxDomains)
                .WithMessage($"'Referrer Domains' must list at most {ReferrerRule.MaxDomains} domains.");
            RuleFor(x => x.ReferrerDomains).Must((command, domains) => domains is null || domains.Count > 0 || command.AllowNoReferrer)
                .WithMessage("'Referrer Domains' must list a domain, unless 'allowNoReferrer' is true: this restriction would allow nothing.");
            RuleForEach(x => x.ReferrerDomains).Must(ReferrerRule.IsDomain)
                .WithMessage("'Referrer Domains' must each be a lowercase domain (example.com), optionally after '*.' for its subdomains (*.example.com).");
        }
    }
}

public sealed record NewPlaybackRestriction(Guid Id, DateTimeOffset Now);

public static class CreatePlaybackRestrictionHandler
{
    public static NewPlaybackRestriction Load(TimeProvider clock) => new(Guid.CreateVersion7(), clock.GetUtcNow());

    /// <summary>The restriction is stored with one of the owner's <c>playbackRestrictions</c> held in the same commit.</summary>
    public static (Answer, IMartenOp, IMartenOp) Handle(CreatePlaybackRestriction command, NewPlaybackRestriction restriction, QuotaOptions quotas)
    {
        var stored = new StoredPlaybackRestriction
        {
            Id = restriction.Id,
            OwnerId = command.OwnerId,
            ReferrerDomains = command.ReferrerDomains!.Distinct(StringComparer.Ordinal).ToList(),
            AllowNoReferrer = command.AllowNoReferrer,
            CreatedAt = restriction.Now,
        };
        return (Answer.Created($"/playback-restrictions/{stored.Id}", PlaybackRestrictionView.From(stored)), MartenOps.Insert(stored),
            QuotaLedger.Hold(command.OwnerId, QuotaSubject.PlaybackRestriction(stored.Id), quotas, restriction.Now, new QuotaHold(QuotaNames.PlaybackRestrictions, 1)));
    }
}

internal sealed class CreatePlaybackRestrictionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand<CreatePlaybackRestriction, PlaybackRestrictionView>("/playback-restrictions", StatusCodes.Status201Created)
            .WithTags("Signed playback")
            .WithSummary("Create a playback restriction (allowed referrer domains); a token names it in its playback_restriction_id claim.")
            .ProducesProblem(StatusCodes.Status409Conflict);
}
