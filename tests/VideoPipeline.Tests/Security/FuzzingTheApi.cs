using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VideoPipeline.Modules.Analytics.RollingUpViews;
using VideoPipeline.Modules.Usage.FoldingCounts;
using VideoPipeline.Modules.Usage.Metering;
using VideoPipeline.Tests.Infrastructure;
using Wolverine.Util;

namespace VideoPipeline.Tests.Security;

/// <summary>
/// Every operation the OpenAPI document describes, called with malformed and boundary inputs a stranger could send:
/// odd path values (the empty GUID, not a GUID, NUL, path tricks), query values that overflow, go negative or repeat,
/// bodies that are not JSON, are the wrong JSON, hold nulls where objects belong, control characters, overlong strings,
/// no or the wrong Content-Type. None may answer 5xx, and none may change what is stored.
/// </summary>
/// <remarks>Over a real port: Kestrel parses what a stranger sends, and the server's limits apply as they do in production.</remarks>
[Collection(KestrelCollection.Name)]
public sealed class FuzzingTheApi(KestrelApp app, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private static readonly string[] PathValues =
    [
        "00000000-0000-0000-0000-000000000000", Guid.NewGuid().ToString(), "not-a-guid", "%00", "..%2F..%2Fetc%2Fpasswd",
        new string('a', 5000), "-1", "99999999999999999999999", "%E2%80%AE", "%ff%fe",
    ];

    private static readonly string[] QueryValues =
    [
        "-1", "0", "99999999999999999999999", "2147483648", "-9223372036854775809", "abc", "%00", "%0d%0aX-Injected:%201",
        new string('z', 5000), "1e400", "NaN", "%ff", "",
    ];

    // JSON text: a lone surrogate has to be written as its escape, which a JSON serializer would "repair".
    private static readonly string[] BadValues =
    [
        "null", "0", "-1", "1e300", "-9223372036854775809", "79228162514264337593543950336", "true", "\"\"", "\"\\u0000\"",
        "\"tab\\there\"", "\"\\u001b[31mred\"", $"\"{new string('x', 20_000)}\"", "\"\\ud800\"", "\"\\udfff x\"", "[]", "[null]", "{}",
        "{\"$ref\":\"#\"}",
    ];

    private static readonly string[] RawBodies =
    [
        "", "{", "}", "null", "[]", "[null]", "\"text\"", "123", "{\"a\":", "{\"title\":\"x\"}{\"title\":\"y\"}",
        new string('[', 5000) + new string(']', 5000), "\u0000", "{\"title\":\"\\u0000\"}", "<xml/>",
    ];

    private readonly List<string> _serverErrors = [];
    private string _before = "";
    private readonly HttpClient _client = new() { BaseAddress = app.BaseUrl };

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task no_malformed_or_boundary_input_answers_5xx_or_changes_anything()
    {
        using var requested = await app.Client.PostAsync(new Uri("/upload/request", UriKind.Relative),
            new StringContent("{\"title\":\"fuzzed\"}", Encoding.UTF8, "application/json"));
        var existing = JsonNode.Parse(await requested.Content.ReadAsStringAsync())!["videoId"]!.GetValue<Guid>();
        var document = JsonNode.Parse(await _client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        var before = _before = await StateAsync();
        var calls = 0;
        var operations = 0;

        foreach (var (path, methods) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in methods!.AsObject())
            {
                operations++;
                var parameters = operation!["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
                var queryNames = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();
                var hasBody = operation["requestBody"] is not null;
                var schema = BodySchema(document, operation);

                foreach (var route in Routes(path, parameters, existing.ToString(), hasBody))
                {
                    foreach (var query in Queries(queryNames))
                    {
                        calls++;
                        await CallAsync(method, route + query, body: null);
                    }

                    foreach (var body in hasBody ? Bodies(schema) : [])
                    {
                        calls++;
                        await CallAsync(method, route, body);
                    }
                }
            }
        }

        output.WriteLine($"{operations} operations, {calls} inputs, each with and without an API key");
        _serverErrors.ShouldBeEmpty();
        operations.ShouldBeGreaterThanOrEqualTo(11, "every operation of the document was walked");
        calls.ShouldBeGreaterThan(1000);
        (await StateAsync()).ShouldBe(before, "no fuzzed call changed what is stored");
    }

    private static JsonObject? BodySchema(JsonNode document, JsonNode operation)
    {
        var reference = (string?)operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"];
        return reference is null ? null : document["components"]!["schemas"]![reference.Split('/')[^1]]!.AsObject();
    }

    /// <summary>
    /// Every path parameter replaced by each odd value; an existing video's id too, but only where a malformed body keeps
    /// the call from doing anything (a bare call on a real video is a legitimate request).
    /// </summary>
    private static IEnumerable<string> Routes(string path, List<JsonNode> parameters, string existing, bool hasBody)
    {
        var names = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
        if (names.Count == 0)
        {
            yield return path;
            yield break;
        }

        foreach (var value in PathValues)
        {
            yield return names.Aggregate(path, (p, name) => p.Replace("{" + name + "}", value, StringComparison.Ordinal));
        }

        if (hasBody)
        {
            yield return names.Aggregate(path, (p, name) => p.Replace("{" + name + "}", name == "id" ? existing : "480p", StringComparison.Ordinal));
        }
    }

    private static IEnumerable<string> Queries(List<string> names)
    {
        yield return "";
        foreach (var name in names)
        {
            foreach (var value in QueryValues)
            {
                yield return $"?{name}={value}";
            }

            yield return $"?{name}=1&{name}=2";
        }

        yield return "?" + string.Join('&', names.Select(n => $"{n}=-1"));
        yield return "?unknown=1&" + new string('q', 3000) + "=1";
    }

    /// <summary>Each body is one malformed thing: raw text that is not the JSON asked for, or one property set to a wrong value.</summary>
    private static IEnumerable<FuzzBody> Bodies(JsonObject? schema)
    {
        foreach (var raw in RawBodies)
        {
            yield return new FuzzBody(raw, "application/json");
        }

        yield return new FuzzBody("{}", null);
        yield return new FuzzBody("{}", "text/plain");
        yield return new FuzzBody("{}", "application/json; charset=utf-16");
        yield return new FuzzBody("{\"title\":\"x\"}", "application/x-www-form-urlencoded");

        foreach (var property in schema?["properties"]?.AsObject().Select(p => p.Key) ?? [])
        {
            foreach (var value in BadValues)
            {
                yield return new FuzzBody($"{{\"{property}\":{value}}}", "application/json");
            }

            yield return new FuzzBody($"{{\"{property}\":[{{\"partNumber\":1,\"eTag\":null}},null]}}", "application/json");
        }
    }

    private async Task CallAsync(string method, string url, FuzzBody? body)
    {
        foreach (var key in (string?[])[VideoApi.DevKey, null])
        {
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), new Uri(url, UriKind.Relative));
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            if (body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.Text));
                request.Content.Headers.ContentType = body.ContentType is null ? null : MediaTypeHeaderValue.Parse(body.ContentType);
                if (url.StartsWith("/webhook/s3-upload", StringComparison.Ordinal))
                {
                    // Signed, so that the parsing behind the signature is walked too.
                    request.Headers.Add("X-Webhook-Signature", VideoApi.Sign(body.Text, DateTimeOffset.UtcNow));
                }
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            HttpResponseMessage response;
            try
            {
                // Headers only: a stream of live changes answers 200 and then never ends.
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _serverErrors.Add($"{method.ToUpperInvariant()} {Shorten(url)} {Shorten(body?.Text)} [{body?.ContentType}] key={key is not null} -> no answer in 10 s");
                continue;
            }

            using var _ = response;
            if ((int)response.StatusCode >= 500)
            {
                _serverErrors.Add($"{method.ToUpperInvariant()} {Shorten(url)} {Shorten(body?.Text)} [{body?.ContentType}] key={key is not null} -> " +
                                  $"{(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync())}");
            }
            else if (response.IsSuccessStatusCode && method != "get" && !(method == "patch" && await StateAsync() == _before))
            {
                // Every fuzzed write is malformed, except a merge patch that removes what is not there (passthrough: null,
                // metadata: null or {}): a legitimate request that must change nothing. Accepting any other is as wrong as failing on it.
                _serverErrors.Add($"{method.ToUpperInvariant()} {Shorten(url)} {Shorten(body?.Text)} [{body?.ContentType}] key={key is not null} -> {(int)response.StatusCode} accepted");
            }
            else if (response.StatusCode is >= HttpStatusCode.BadRequest && response.Content.Headers.ContentType?.MediaType != "application/problem+json" &&
                     !IsRejectedByTheHttpParser(url))
            {
                _serverErrors.Add($"{method.ToUpperInvariant()} {Shorten(url)} -> {(int)response.StatusCode} without problem+json");
            }
        }
    }

    /// <summary>
    /// Kestrel answers a request line it cannot parse (a NUL in the path, a line past 8 KB) itself, with an empty 400 or
    /// 414, before any of the service's code runs: there is nothing to name but the request line.
    /// </summary>
    private static bool IsRejectedByTheHttpParser(string url) =>
        url.Contains("%00", StringComparison.Ordinal) || url.Length > 8 * 1024 - 100;

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 120 ? text : text[..120] + "…";

    /// <summary>What is stored: events, streams, every document table of every module, queued messages, stored objects.</summary>
    private async Task<string> StateAsync()
    {
        var database = app.Services.GetRequiredService<NpgsqlDataSource>();
        await using var tables = database.CreateCommand(
            "select table_schema || '.' || table_name from information_schema.tables " +
            "where table_schema in ('videos','catalog','playback','uploads','auth','webhooks') and (table_name like 'mt_doc_%' or table_name in ('mt_events','mt_streams','wolverine_incoming_envelopes','wolverine_outgoing_envelopes','wolverine_dead_letters')) order by 1");
        var names = new List<string>();
        await using (var reader = await tables.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        var counts = new StringBuilder();
        foreach (var name in names)
        {
            // A handled incoming envelope is Wolverine's record of work done, and the cluster's recurring messages (a fold, a
            // rollup) come and go on their own schedule meanwhile: neither is a change a request made.
            var unhandled = name.EndsWith(".wolverine_incoming_envelopes", StringComparison.Ordinal)
                ? $" where status <> 'Handled' and message_type not in ({string.Join(", ", Recurring.Select(type => $"'{type.ToMessageTypeName()}'"))})"
                : "";
            await using var count = database.CreateCommand($"select count(*) from {name}{unhandled}");
            counts.Append(name).Append('=').Append(await count.ExecuteScalarAsync()).Append(' ');
        }

        var objects = Path.Combine(app.StorageRoot, "objects");
        counts.Append("objects=").Append(Directory.Exists(objects) ? Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories).Count() : 0);
        return counts.ToString();
    }

    private static readonly Type[] Recurring =
        [typeof(FoldCounts), typeof(RollUpViews), typeof(SampleStoredBytes), typeof(VideoPipeline.Operations.WatchingTheQueues.CheckQueueHealth)];

    private sealed record FuzzBody(string Text, string? ContentType);
}
