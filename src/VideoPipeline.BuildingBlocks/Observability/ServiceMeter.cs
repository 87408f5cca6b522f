namespace VideoPipeline.BuildingBlocks.Observability;

/// <summary>The service's meter, the one <c>/metrics</c> exports: every module creates its instruments on it.</summary>
public static class ServiceMeter
{
    public const string Name = "VideoPipeline";
}
