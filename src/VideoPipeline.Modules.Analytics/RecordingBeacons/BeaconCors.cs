using Microsoft.AspNetCore.Cors.Infrastructure;

namespace VideoPipeline.Modules.Analytics.RecordingBeacons;

/// <summary>Any origin may post beacons (an integrator's page plays our videos), without credentials; the grant in the URL is the credential.</summary>
internal static class BeaconCors
{
    public const string Policy = "beacons";

    public static void Add(CorsOptions cors) =>
        cors.AddPolicy(Policy, policy => policy.AllowAnyOrigin().WithMethods("POST").WithHeaders("Content-Type").SetPreflightMaxAge(TimeSpan.FromHours(2)));
}
