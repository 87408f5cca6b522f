using Microsoft.Extensions.Configuration;

namespace VideoPipeline.BuildingBlocks.Configuration;

public static class ConfigurationSections
{
    /// <summary>
    /// The options a section holds, read before the container is built (to decide what to register); the options' own
    /// defaults where the section is absent.
    /// </summary>
    public static TOptions ReadSection<TOptions>(this IConfiguration configuration, string section)
        where TOptions : new() =>
        configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
}
