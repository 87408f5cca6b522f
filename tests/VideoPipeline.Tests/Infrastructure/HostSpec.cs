namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// The context every behaviour spec shares: the host it runs against (one per configuration, shared by the spec classes
/// of its collection), the state reset before each spec (<see cref="VideoPipelineApp.ResetAsync"/>), and the API helpers.
/// A spec class names its host and nothing else:
/// <c>[Collection(EmbeddedStorageCollection.Name)] public sealed class X(EmbeddedStorageApp app) : HostSpec&lt;EmbeddedStorageApp&gt;(app)</c>;
/// one that needs more overrides <see cref="InitializeAsync"/> and calls it first.
/// </summary>
public abstract class HostSpec<TApp>(TApp app) : IAsyncLifetime
    where TApp : VideoPipelineApp
{
    protected TApp App { get; } = app;

    protected VideoApi Api { get; } = new(app);

    public virtual Task InitializeAsync() => App.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
