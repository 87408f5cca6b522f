namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// The context of the specs that start a service of their own, because what they show is how it starts, or what happens
/// to it (another environment, a cluster mode, a database or a process killed): a folder for its files, emptied after
/// each spec, and the settings every test host shares with the embedded store in that folder.
/// </summary>
public abstract class OwnServiceSpec : IAsyncLifetime
{
    protected string Folder { get; } = Path.Combine(Path.GetTempPath(), "videopipeline-tests", "own-service-" + Guid.NewGuid().ToString("N"));

    /// <summary>What every test host shares (<see cref="VideoPipelineApp.CommonSettings"/>), on that database, storing in <see cref="Folder"/>.</summary>
    protected Dictionary<string, string?> SettingsOn(string connectionString)
    {
        var settings = VideoPipelineApp.CommonSettings(connectionString, Folder);
        foreach (var (key, value) in VideoPipelineApp.EmbeddedStore(Folder))
        {
            settings[key] = value;
        }

        return settings;
    }

    public virtual Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        return Task.CompletedTask;
    }
}
