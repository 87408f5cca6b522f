using VideoPipeline.BuildingBlocks.Quotas;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Tenants;
using VideoPipeline.Modules.Tenants.ChangingOwners;
using VideoPipeline.Modules.Tenants.CreatingKeys;
using VideoPipeline.Modules.Tenants.CreatingOwners;
using VideoPipeline.Modules.Tenants.RevokingKeys;

namespace VideoPipeline.Tests.Tenants.Deciding;

/// <summary>Given an owner or a key, when an admin or owner acts, then what is stored, answered and announced.</summary>
public sealed class DecidingOwnersAndKeys
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);

    private static TenantOwner Acme(DateTimeOffset? suspendedAt = null) =>
        new() { Id = "acme", Limits = new() { [QuotaNames.Videos] = 5 }, CreatedAt = Now.AddDays(-1), SuspendedAt = suspendedAt };

    [Fact]
    public void an_owner_created_with_limits_announces_them_and_one_created_without_announces_nothing()
    {
        var (answer, _, outgoing) = CreateOwnerHandler.Handle(new CreateOwner("acme", "Acme", new() { [QuotaNames.Videos] = 3 }), new OwnerIdFacts(false, Now));

        answer.Kind.ShouldBe(AnswerKind.Created);
        outgoing.ShouldHaveSingleItem().ShouldBe(new OwnerLimitsChanged("acme", new Dictionary<string, long> { [QuotaNames.Videos] = 3 }), new LimitsComparer());
        CreateOwnerHandler.Handle(new CreateOwner("acme"), new OwnerIdFacts(false, Now)).Item3.ShouldBeEmpty();
    }

    [Fact]
    public void a_taken_id_is_a_conflict()
    {
        var (answer, _, outgoing) = CreateOwnerHandler.Handle(new CreateOwner("acme"), new OwnerIdFacts(true, Now));

        answer.Kind.ShouldBe(AnswerKind.Conflict);
        outgoing.ShouldBeEmpty();
    }

    [Fact]
    public void suspending_an_active_owner_records_when_and_suspending_it_again_changes_nothing()
    {
        var owner = Acme();
        var (answer, _, _, outgoing) = ChangeOwnerHandler.Handle(new ChangeOwner("acme", new OwnerChanges(Status: "suspended")), new OwnerAt(owner, Now));

        answer.Body.ShouldBeOfType<OwnerView>().Status.ShouldBe("suspended");
        owner.SuspendedAt.ShouldBe(Now);
        outgoing.ShouldBeEmpty("nobody needs telling: the scheduler passes a suspended owner's work over by itself");
        ChangeOwnerHandler.Handle(new ChangeOwner("acme", new OwnerChanges(Status: "suspended")), new OwnerAt(owner, Now.AddHours(1))).Item4.ShouldBeEmpty();
        owner.SuspendedAt.ShouldBe(Now);
    }

    [Fact]
    public void reinstating_announces_it_and_the_same_limits_again_announce_nothing()
    {
        var owner = Acme(suspendedAt: Now.AddHours(-1));

        var (_, _, _, outgoing) = ChangeOwnerHandler.Handle(
            new ChangeOwner("acme", new OwnerChanges(Limits: new() { [QuotaNames.Videos] = 5 }, Status: "active")), new OwnerAt(owner, Now));

        outgoing.ShouldHaveSingleItem().ShouldBe(new OwnerReinstated("acme"));
        owner.Suspended.ShouldBeFalse();
    }

    [Fact]
    public void new_limits_replace_the_whole_set_of_overrides()
    {
        var owner = Acme();

        var (_, _, _, outgoing) = ChangeOwnerHandler.Handle(new ChangeOwner("acme", new OwnerChanges(Limits: new() { [QuotaNames.StoredBytes] = 10 })), new OwnerAt(owner, Now));

        owner.Limits.ShouldBe(new Dictionary<string, long> { [QuotaNames.StoredBytes] = 10 });
        outgoing.ShouldHaveSingleItem().ShouldBeOfType<OwnerLimitsChanged>().Overrides.Keys.ShouldBe([QuotaNames.StoredBytes]);
    }

    [Fact]
    public void changing_an_owner_that_is_not_stored_is_not_found()
    {
        ChangeOwnerHandler.Handle(new ChangeOwner("nobody", new OwnerChanges(Name: "x")), new OwnerAt(null, Now)).Item1.Kind.ShouldBe(AnswerKind.NotFound);
    }

    [Fact]
    public void a_new_key_is_stored_as_its_hash_with_every_scope_unless_told_otherwise()
    {
        var secret = StoredKey.NewSecret();
        var (answer, _, _) = CreateKeyHandler.Handle(new CreateKey("ci") { OwnerId = "acme" }, new NewKey(true, secret, Guid.CreateVersion7(), Now), new QuotaOptions());

        var created = answer.Body.ShouldBeOfType<CreatedKey>();
        (created.Key, created.Prefix).ShouldBe((secret, secret[..12]));
        created.Scopes.ShouldBe([ApiScopes.All]);
        StoredKey.HashOf(secret).ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret))));
        secret.Length.ShouldBe(4 + 43, "32 random bytes in URL-safe base64 after the marker");
    }

    [Fact]
    public void an_admin_cannot_make_a_key_for_an_owner_that_is_not_stored()
    {
        CreateKeyHandler.Handle(new CreateKey("ci") { OwnerId = "nobody", ForStoredOwner = true }, new NewKey(false, StoredKey.NewSecret(), Guid.NewGuid(), Now), new QuotaOptions())
            .Item1.Kind.ShouldBe(AnswerKind.NotFound);
    }

    [Fact]
    public void revoking_a_key_that_is_not_the_owners_is_not_found()
    {
        RevokeKeyHandler.Handle(new RevokeKey(Guid.NewGuid(), "acme"), null).Item1.Kind.ShouldBe(AnswerKind.NotFound);
    }

    [Theory]
    [InlineData("GET", "/videos", ApiScopes.Read)]
    [InlineData("GET", "/videos/{id:guid}/events", ApiScopes.Read)]
    [InlineData("GET", "/videos/changes", ApiScopes.Read)]
    [InlineData("POST", "/upload/request", ApiScopes.Upload)]
    [InlineData("POST", "/videos/{id:guid}/complete", ApiScopes.Upload)]
    [InlineData("POST", "/videos/from-url", ApiScopes.Upload)]
    [InlineData("GET", "/videos/{id:guid}/play", ApiScopes.Playback)]
    [InlineData("HEAD", "/videos/{id:guid}/captions", ApiScopes.Playback)]
    [InlineData("POST", "/videos/{id:guid}/captions", ApiScopes.All)]
    [InlineData("PATCH", "/videos/{id:guid}", ApiScopes.All)]
    [InlineData("DELETE", "/keys/{id:guid}", ApiScopes.All)]
    [InlineData("POST", "/keys", ApiScopes.All)]
    public void each_route_asks_for_one_scope(string method, string route, string scope)
    {
        var endpoint = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(route), 0, null, null);

        ApiScopes.RequiredBy(method, endpoint).ShouldBe(scope);
    }

    [Fact]
    public void a_read_key_may_also_fetch_playback_links_but_a_playback_key_may_not_read()
    {
        ApiScopes.Allows([ApiScopes.Read], ApiScopes.Playback).ShouldBeTrue();
        ApiScopes.Allows([ApiScopes.Playback], ApiScopes.Read).ShouldBeFalse();
        ApiScopes.Allows([ApiScopes.Upload, ApiScopes.Read], ApiScopes.All).ShouldBeFalse();
        ApiScopes.Allows([ApiScopes.All], ApiScopes.Upload).ShouldBeTrue();
    }

    private sealed class LimitsComparer : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) =>
            x is OwnerLimitsChanged a && y is OwnerLimitsChanged b && a.OwnerId == b.OwnerId && a.Overrides.OrderBy(p => p.Key).SequenceEqual(b.Overrides.OrderBy(p => p.Key));

        public int GetHashCode(object obj) => 0;
    }
}
