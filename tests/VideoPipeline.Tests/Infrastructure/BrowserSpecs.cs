namespace VideoPipeline.Tests.Infrastructure;

/// <summary>Runs one of the browser specs of <c>dashboard/e2e/</c> in Debian's Chromium, its screenshots kept with the test output.</summary>
public static class BrowserSpecs
{
    /// <summary>Where the screenshots of a run go: next to <c>./test.sh</c>'s log.</summary>
    public static string Screenshots { get; } = Path.Combine(Repository.Root, ".local", "logs", "screenshots");

    public static Task<string> RunAsync(string script, params string[] arguments)
    {
        File.Exists(Path.Combine(Repository.Root, "src", "VideoPipeline", "wwwroot", "index.html"))
            .ShouldBeTrue("the dashboard is built by ./test.sh (cd dashboard && npm ci && npm run build)");
        return ChildProcess.RunAsync(
            "node",
            string.Join(' ', arguments.Select(a => $"\"{a}\"").Prepend($"e2e/{script}")),
            new Dictionary<string, string> { ["SCREENSHOTS"] = Screenshots },
            workingDirectory: Path.Combine(Repository.Root, "dashboard"));
    }
}
