namespace VideoPipeline.Modules.Tenants;

internal static class Owners
{
    public static Answer NotFound { get; } = Answer.NotFound("Owner not found.", "No owner with this id is stored; create it with POST /admin/owners.");
}
