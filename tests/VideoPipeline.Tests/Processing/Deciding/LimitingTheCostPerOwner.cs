using VideoPipeline.Modules.Processing.JobCost;

namespace VideoPipeline.Tests.Processing.Deciding;

/// <summary>An owner's limit on the cost of one job: an admin's value wins over configuration; without one, configuration holds.</summary>
public sealed class LimitingTheCostPerOwner
{
    private static readonly JobCostOptions Configured = new() { LimitGigapixels = 100, LimitByOwner = { ["frugal"] = 0.5 } };

    [Fact]
    public void an_admins_limit_replaces_the_configured_one_for_that_owner_only()
    {
        var overridden = Configured.WithOverride("frugal", 3);

        overridden.LimitOf("frugal").ShouldBe(3);
        overridden.LimitOf("other").ShouldBe(100);
        Configured.LimitOf("frugal").ShouldBe(0.5, "the configured options are not changed");
    }

    [Fact]
    public void without_an_admins_limit_the_configured_one_holds()
    {
        Configured.WithOverride("frugal", null).LimitOf("frugal").ShouldBe(0.5);
    }
}
