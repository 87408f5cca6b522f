using VideoPipeline.MediaEngine;

namespace VideoPipeline.Tests.MediaEngine;

public sealed class KeepingTempFilesTidy
{
    [Fact]
    public async Task a_workspace_is_a_fresh_folder_per_job_and_is_deleted_with_its_contents()
    {
        var options = TestOptions.Default();
        var job = Guid.NewGuid();
        string path;
        await using (var workspace = TempWorkspace.Create(options, job))
        {
            path = workspace.Path;
            Path.GetDirectoryName(path).ShouldBe(options.TempRoot);
            Path.GetFileName(path).ShouldStartWith(job.ToString("N"));
            await File.WriteAllTextAsync(workspace.PathFor("raw.mp4"), "x");
            Directory.CreateDirectory(Path.Combine(path, "hls", "480p"));
            await File.WriteAllTextAsync(Path.Combine(path, "hls", "480p", "seg_00000.ts"), "x");
            using var retry = TempWorkspace.Create(options, job);
            retry.Path.ShouldNotBe(path);
        }

        Directory.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public async Task a_workspace_is_deleted_even_when_the_job_throws()
    {
        string? path = null;
        var thrown = await Record.ExceptionAsync(async () =>
        {
            await using var workspace = TempWorkspace.Create(TestOptions.Default());
            path = workspace.Path;
            await File.WriteAllTextAsync(workspace.PathFor("raw.mp4"), "x");
            throw new InvalidOperationException("the job failed");
        });

        thrown.ShouldBeOfType<InvalidOperationException>();
        Directory.Exists(path).ShouldBeFalse();
    }

    [Theory]
    [InlineData("../escape.mp4")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/raw.mp4")]
    [InlineData("..")]
    public void a_workspace_refuses_names_that_leave_it(string name)
    {
        using var workspace = TempWorkspace.Create(TestOptions.Default());

        Should.Throw<ArgumentException>(() => workspace.PathFor(name));
    }

    [Fact]
    public void workspaces_left_behind_by_a_crash_are_swept()
    {
        var options = new MediaOptions { TempRoot = Path.Combine(TestOptions.TempRoot, $"sweep-{Guid.NewGuid():N}") };
        var stale = TempWorkspace.Create(options).Path;
        Directory.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));
        using var current = TempWorkspace.Create(options);

        TempWorkspace.DeleteStale(options, TimeSpan.FromDays(1)).ShouldBe(1);

        Directory.Exists(stale).ShouldBeFalse();
        Directory.Exists(current.Path).ShouldBeTrue();
        Directory.Delete(options.TempRoot, recursive: true);
    }
}
