using Npgsql;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>Where the real services the specs use live; <c>./test.sh</c> starts them and exports these.</summary>
public static class TestEnvironment
{
    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("VIDEOPIPELINE_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=55432;Database=videopipeline_test;Username=postgres";

    public static Uri S3Url => new(Environment.GetEnvironmentVariable("VIDEOPIPELINE_TEST_S3_URL") ?? "http://127.0.0.1:4569");

    public static string S3Bucket => Environment.GetEnvironmentVariable("VIDEOPIPELINE_TEST_S3_BUCKET") ?? "videos-test";

    /// <summary>The service's settings for storing in the test S3 endpoint.</summary>
    public static Dictionary<string, string?> S3StorageSettings() => new()
    {
        ["VideoPipeline:Storage:Backend"] = "S3",
        ["VideoPipeline:Storage:S3:ServiceUrl"] = S3Url.ToString(),
        ["VideoPipeline:Storage:S3:Bucket"] = S3Bucket,
        ["VideoPipeline:Storage:S3:AccessKey"] = "S3RVER",
        ["VideoPipeline:Storage:S3:SecretKey"] = "S3RVER",
    };

    /// <summary>A database of its own for one host, created on first use, so hosts never share queue tables.</summary>
    public static async Task<string> DatabaseAsync(string name)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString);
        var database = $"{builder.Database}_{name}";
        await using (var admin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await using var exists = admin.CreateCommand("select 1 from pg_database where datname = $1");
            exists.Parameters.AddWithValue(database);
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = admin.CreateCommand($"create database \"{database}\"");
                await create.ExecuteNonQueryAsync();
            }
        }

        builder.Database = database;
        return builder.ConnectionString;
    }
}
