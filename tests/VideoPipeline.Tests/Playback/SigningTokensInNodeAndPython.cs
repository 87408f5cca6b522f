using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>
/// The README's examples of signing a token, run as they are (docs/examples): Node's jsonwebtoken and Python's PyJWT
/// (Debian's python3-jwt) sign with the private key POST /signing-keys gave, and the service plays the video with it.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class SigningTokensInNodeAndPython(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    private static readonly string Examples = Path.Combine(Repository.Root, "docs", "examples");

    [Theory]
    [InlineData("node", "sign-token.js")]
    [InlineData("/usr/bin/python3", "sign_token.py")]
    public async Task a_token_signed_as_the_readme_shows_plays_the_video(string runtime, string example)
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Tiny());
        var signed = new SignedPlaybackApi(Api);
        var key = await signed.CreateSigningKeyAsync();
        var restriction = await signed.CreateRestrictionAsync(["example.com"]);
        var privateKey = Path.Combine(Directory.CreateDirectory(Path.Combine(App.StorageRoot, "signing-keys")).FullName, $"{key.Id}.pem");
        await File.WriteAllTextAsync(privateKey, key.PrivateKey);
        var script = Path.Combine(Examples, example);
        (await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md"))).ShouldContain(await File.ReadAllTextAsync(script), Case.Sensitive, "the README shows the example as it is run");

        var token = (await ChildProcess.RunAsync(runtime, $"\"{script}\"", new Dictionary<string, string>
        {
            ["SIGNING_KEY_ID"] = key.Id.ToString(), ["SIGNING_KEY_FILE"] = privateKey, ["VIDEO_ID"] = id.ToString(), ["RESTRICTION_ID"] = restriction.Id.ToString(),
            ["NODE_PATH"] = Path.Combine(Repository.Root, "dashboard", "node_modules"),
        })).Trim();

        await signed.GetAsync($"/videos/{id}/hls/master.m3u8?token={token}", 200, referrer: "https://example.com/");
        await signed.RefusedAsync($"/videos/{id}/hls/master.m3u8?token={token}", 403, referrer: "https://example.org/");
    }
}
