using System.Net;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using VideoPipeline.Configuration;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Security;

/// <summary>
/// Outside Development the service will not start on the keys and secrets the repository ships, nor without the public
/// base URLs that keep clients from choosing where URLs point; secrets can be read from files instead of the environment.
/// </summary>
public sealed class StartingSafely : OwnServiceSpec
{
    [Fact]
    public async Task production_refuses_the_development_keys_and_secrets_and_names_each_setting()
    {
        var refused = await Should.ThrowAsync<Exception>(() => StartProductionAsync(new Dictionary<string, string?>
        {
            ["VideoPipeline:Auth:ApiKeys:dev-key"] = "dev",
            ["VideoPipeline:Auth:AdminKeys:admin:0"] = "dev-admin-key",
            ["VideoPipeline:Webhook:Secret"] = "dev-webhook-secret",
            ["VideoPipeline:Webhook:MinioAuthToken"] = "change-me-minio-webhook-token",
            ["VideoPipeline:Storage:FileSystem:SigningKey"] = "dev-storage-signing-key",
            ["VideoPipeline:Playback:SigningKey"] = "dev-playback-signing-key",
        }));

        var message = refused.GetBaseException().Message;
        message.ShouldStartWith("Refusing to start in the Production environment:");
        foreach (var setting in (string[])[
                     "VideoPipeline:Auth:ApiKeys:<key of dev>", "VideoPipeline:Auth:AdminKeys:admin:0", "VideoPipeline:Webhook:Secret",
                     "VideoPipeline:Webhook:MinioAuthToken", "VideoPipeline:Storage:FileSystem:SigningKey", "VideoPipeline:Playback:SigningKey",
                     "VideoPipeline:Playback:PublicBaseUrl must be set", "VideoPipeline:Storage:FileSystem:PublicBaseUrl must be set"])
        {
            message.ShouldContain(setting);
        }

        foreach (var secret in (string[])["dev-key", "dev-admin-key", "dev-webhook-secret", "dev-storage-signing-key", "dev-playback-signing-key"])
        {
            message.ShouldNotContain(secret, Case.Sensitive, "the refusal names settings, never their values");
        }
    }

    [Fact]
    public async Task production_refuses_a_development_key_configured_by_its_hash()
    {
        var message = await RefusalAsync(new Dictionary<string, string?> { ["VideoPipeline:Auth:Keys:dev:0"] = VideoPipelineApp.HashOf("dev-key") });

        message.ShouldContain("VideoPipeline:Auth:Keys:dev:0 is a value that ships with VideoPipeline");
    }

    [Fact]
    public async Task production_refuses_the_development_admin_key_configured_by_its_hash_in_capitals()
    {
        var message = await RefusalAsync(new Dictionary<string, string?>
        {
            ["VideoPipeline:Auth:AdminKeys:admin:0"] = "sha256:" + VideoPipelineApp.HashOf("dev-admin-key")["sha256:".Length..].ToUpperInvariant(),
        });

        message.ShouldContain("VideoPipeline:Auth:AdminKeys:admin:0 is a value that ships with VideoPipeline");
    }

    [Fact]
    public async Task production_refuses_a_development_secret_read_from_a_secret_file()
    {
        var secretsFolder = Directory.CreateDirectory(Path.Combine(Folder, "run-secrets")).FullName;
        await File.WriteAllTextAsync(Path.Combine(secretsFolder, "VideoPipeline__Playback__SigningKey"), "dev-playback-signing-key\n");
        var webhookSecretFile = Path.Combine(Folder, "webhook-secret");
        await File.WriteAllTextAsync(webhookSecretFile, "dev-webhook-secret\n");

        var message = await RefusalAsync(new Dictionary<string, string?>
        {
            ["VideoPipeline:SecretsFolder"] = secretsFolder,
            ["VideoPipeline:Webhook:Secret_FILE"] = webhookSecretFile,
        });

        message.ShouldContain("VideoPipeline:Playback:SigningKey is a value that ships with VideoPipeline");
        message.ShouldContain("VideoPipeline:Webhook:Secret is a value that ships with VideoPipeline");
    }

    [Fact]
    public async Task production_started_from_another_content_root_still_refuses_the_development_secrets()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(Folder, "elsewhere")).FullName;

        var message = await RefusalAsync(
            new Dictionary<string, string?>
            {
                ["VideoPipeline:Auth:ApiKeys:dev-key"] = "dev",
                ["VideoPipeline:Storage:FileSystem:SigningKey"] = "dev-storage-signing-key",
            },
            contentRoot: elsewhere);

        message.ShouldContain("VideoPipeline:Auth:ApiKeys:<key of dev> is a value that ships with VideoPipeline");
        message.ShouldContain("VideoPipeline:Storage:FileSystem:SigningKey is a value that ships with VideoPipeline");
    }

    [Fact]
    public void every_key_and_secret_of_the_development_settings_is_known_to_the_program()
    {
        var development = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Repository.Root, "src", "VideoPipeline", "appsettings.Development.json"), optional: false)
            .Build();
        var auth = development.GetSection("VideoPipeline:Auth");
        var keys = auth.GetSection("ApiKeys").GetChildren().Select(k => k.Key)
            .Concat(auth.GetSection("AdminKeys").GetChildren().SelectMany(admin => admin.GetChildren()).Select(k => k.Value!));
        var secrets = development.AsEnumerable()
            .Where(s => s.Value is not null && (s.Key.EndsWith("Secret", StringComparison.Ordinal) || s.Key.EndsWith("SigningKey", StringComparison.Ordinal)))
            .Select(s => s.Value!);

        var shipped = keys.Concat(secrets).ToList();

        shipped.Count.ShouldBe(7, string.Join(", ", shipped));
        foreach (var value in shipped)
        {
            ShippedSecrets.Contains(value).ShouldBeTrue($"'{value}' ships in appsettings.Development.json and must be refused in Production");
            ShippedSecrets.Contains(VideoPipelineApp.HashOf(value)).ShouldBeTrue($"'{value}' configured by its hash must be refused too");
        }
    }

    [Fact]
    public async Task production_starts_on_secrets_of_its_own_read_from_files()
    {
        var secretsFolder = Directory.CreateDirectory(Path.Combine(Folder, "run-secrets")).FullName;
        await File.WriteAllTextAsync(Path.Combine(secretsFolder, "VideoPipeline__Auth__Keys__file-owner__0"), VideoPipelineApp.HashOf("a-key-from-a-file") + "\n");
        await File.WriteAllTextAsync(Path.Combine(secretsFolder, "VideoPipeline__Playback__SigningKey"), "playback-key-from-a-file\n");
        var webhookSecretFile = Path.Combine(Folder, "webhook-secret");
        await File.WriteAllTextAsync(webhookSecretFile, "webhook-secret-from-a-file\n");

        await using var host = await StartProductionAsync(new Dictionary<string, string?>
        {
            ["VideoPipeline:SecretsFolder"] = secretsFolder,
            ["VideoPipeline:Webhook:Secret_FILE"] = webhookSecretFile,
            ["VideoPipeline:Storage:FileSystem:SigningKey"] = "a-storage-key-of-our-own",
            ["VideoPipeline:Storage:FileSystem:PublicBaseUrl"] = "https://media.example.com/",
            ["VideoPipeline:Playback:PublicBaseUrl"] = "https://videos.example.com/",
        });

        await host.Scenario(x =>
        {
            x.Get.Url("/videos");
            x.WithBearerToken("a-key-from-a-file");
            x.StatusCodeShouldBeOk();
        });
        var body = $$"""{"key":"videos/{{Guid.NewGuid()}}/raw.mp4","size":1}""";
        await host.Scenario(x =>
        {
            x.Post.Text(body).ToUrl("/webhook/s3-upload");
            x.WithRequestHeader("Content-Type", "application/json");
            x.WithRequestHeader("X-Webhook-Signature", VideoApi.Sign(body, DateTimeOffset.UtcNow, secret: "webhook-secret-from-a-file"));
            x.StatusCodeShouldBe(HttpStatusCode.NotFound);
        });
    }

    /// <summary>The message Production refuses to start with, on these settings.</summary>
    private async Task<string> RefusalAsync(IDictionary<string, string?> settings, string? contentRoot = null)
    {
        var refused = await Should.ThrowAsync<Exception>(() => StartProductionAsync(settings, contentRoot));
        var message = refused.GetBaseException().Message;
        message.ShouldStartWith("Refusing to start in the Production environment:");
        return message;
    }

    private async Task<IAlbaHost> StartProductionAsync(IDictionary<string, string?> settings, string? contentRoot = null)
    {
        var common = SettingsOn(await TestEnvironment.DatabaseAsync("production"));
        // One node: the embedded store on its own disk is refused in a cluster (see ClusteringSafely).
        common["VideoPipeline:Queue:DurabilityMode"] = "Solo";
        return await VideoPipelineApp.StartHostAsync(common.Concat(settings), "Production", web =>
        {
            if (contentRoot is not null)
            {
                web.UseContentRoot(contentRoot);
            }
        });
    }
}
