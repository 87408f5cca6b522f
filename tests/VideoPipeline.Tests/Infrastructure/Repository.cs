namespace VideoPipeline.Tests.Infrastructure;

/// <summary>Paths in the repository the tests were built from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The host's build output for the configuration the tests were built in (Debug or Release).</summary>
    public static string HostAssembly
    {
        get
        {
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            return Path.Combine(Root, "src", "VideoPipeline", "bin", configuration, "net10.0", "VideoPipeline.dll");
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "VideoPipeline.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No VideoPipeline.sln above {AppContext.BaseDirectory}.");
    }
}
