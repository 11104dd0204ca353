using System.Net;
using System.Text;
using System.Text.Json;

namespace Bandit.Mlflow.ContractTests;

/// <summary>
/// Bad input on every REST route of the local registry: always a 4xx in MLflow's error shape
/// (<c>{"error_code","message"}</c>, not RFC 7807: the registry keeps MLflow's wire format), never a 500, the stored
/// state unchanged (every model, version, alias, webhook, the seeded run, the file tree) and nothing written outside
/// the artifact root. Local only: several of these are 500s on a stock MLflow, and which 4xx is the registry's choice.
/// Request targets are sent exactly as written (no client-side dot-segment or escape clean-up).
/// </summary>
public sealed class RegistryBadInputTests(SeededRegistryFixture registry) : IClassFixture<SeededRegistryFixture>
{
    private const string Reason = "its 4xx-instead-of-500 choices and limits are the local registry's";
    private const string Json = "application/json";
    private const string Mlflow = "api/2.0/mlflow/";
    private const string Artifacts = "api/2.0/mlflow-artifacts/artifacts";
    private const string Invalid = "INVALID_PARAMETER_VALUE";
    private const string Missing = "RESOURCE_DOES_NOT_EXIST";
    private const string M = SeededRegistryFixture.Marker;

    // Placeholders: {model} the seeded model, {run} its run id, {art} the run's artifact folder;
    // bodies "@json:N" (a JSON object of N bytes) and "@batch:N" (a log-batch request of N bytes) are built at run time.
    public static TheoryData<string, string, string, string?, string, int, string> Cases() => new()
    {
        // Registered models: malformed JSON, wrong types, odd Unicode, size, media type, method.
        { "create-malformed", "POST", Mlflow + "registered-models/create", Json, "{\"name\":", 400, Invalid },
        { "create-not-json", "POST", Mlflow + "registered-models/create", Json, "name=x", 400, Invalid },
        { "create-array", "POST", Mlflow + "registered-models/create", Json, "[{\"name\": \"sweep-a\"}]", 400, Invalid },
        { "create-number-name", "POST", Mlflow + "registered-models/create", Json, "{\"name\": 42}", 400, Invalid },
        { "create-list-name", "POST", Mlflow + "registered-models/create", Json, "{\"name\": [\"sweep-b\"]}", 400, Invalid },
        { "create-empty-name", "POST", Mlflow + "registered-models/create", Json, "{\"name\": \"\"}", 400, Invalid },
        { "create-lone-surrogate", "POST", Mlflow + "registered-models/create", Json, "{\"name\": \"sweep\\ud800\"}", 400, Invalid },
        { "create-surrogate-key", "POST", Mlflow + "registered-models/create", Json, "{\"\\udc00\": 1, \"name\": \"sweep-c\"}", 400, Invalid },
        { "create-surrogate-tag", "POST", Mlflow + "registered-models/create", Json, "{\"name\": \"sweep-d\", \"tags\": [{\"key\": \"k\", \"value\": \"\\ud83d\"}]}", 400, Invalid },
        { "create-tags-string", "POST", Mlflow + "registered-models/create", Json, "{\"name\": \"sweep-e\", \"tags\": \"a\"}", 400, Invalid },
        { "create-tag-key-number", "POST", Mlflow + "registered-models/create", Json, "{\"name\": \"sweep-f\", \"tags\": [{\"key\": 5}]}", 400, Invalid },
        { "create-duplicate", "POST", Mlflow + "registered-models/create", Json, "{\"name\": \"{model}\"}", 400, "RESOURCE_ALREADY_EXISTS" },
        { "create-text-plain", "POST", Mlflow + "registered-models/create", "text/plain", "{\"name\": \"sweep-g\"}", 400, Invalid },
        { "create-no-content-type", "POST", Mlflow + "registered-models/create", null, "{\"name\": \"sweep-h\"}", 400, Invalid },
        { "create-17MB", "POST", Mlflow + "registered-models/create", Json, "@json:17000000", 413, "RESOURCE_LIMIT_EXCEEDED" },
        { "get-wrong-method", "POST", Mlflow + "registered-models/get", Json, "{\"name\": \"{model}\"}", 405, "ENDPOINT_NOT_FOUND" },
        { "get-no-name", "GET", Mlflow + "registered-models/get?name=", null, "", 400, Invalid },
        { "get-invalid-utf8", "GET", Mlflow + "registered-models/get?name=%ED%A0%80", null, "", 404, Missing },
        { "search-max-negative", "GET", Mlflow + "registered-models/search?max_results=-1", null, "", 400, Invalid },
        { "search-max-zero", "GET", Mlflow + "registered-models/search?max_results=0", null, "", 400, Invalid },
        { "search-max-1e12", "GET", Mlflow + "registered-models/search?max_results=1000000000000", null, "", 400, Invalid },
        { "search-max-1e300", "GET", Mlflow + "registered-models/search?max_results=1e300", null, "", 400, Invalid },
        { "search-max-2^64", "GET", Mlflow + "registered-models/search?max_results=18446744073709551616", null, "", 400, Invalid },
        { "search-token-garbage", "GET", Mlflow + "registered-models/search?page_token=%%%garbage!", null, "", 400, Invalid },
        { "search-token-negative", "GET", Mlflow + "registered-models/search?page_token=" + Token("{\"offset\": -1}"), null, "", 400, Invalid },
        { "search-token-1e300", "GET", Mlflow + "registered-models/search?page_token=" + Token("{\"offset\": 1e300}"), null, "", 400, Invalid },
        { "search-token-array", "GET", Mlflow + "registered-models/search?page_token=" + Token("[]"), null, "", 400, Invalid },
        { "search-filter-garbage", "GET", Mlflow + "registered-models/search?filter=name%20%3D%3D%3D%20(((", null, "", 400, Invalid },
        { "search-order-garbage", "GET", Mlflow + "registered-models/search?order_by=name%20SIDEWAYS", null, "", 400, Invalid },

        // Model versions.
        { "version-source-relative", "POST", Mlflow + "model-versions/create", Json, "{\"name\": \"{model}\", \"source\": \"../../etc\"}", 400, Invalid },
        { "version-source-file", "POST", Mlflow + "model-versions/create", Json, "{\"name\": \"{model}\", \"source\": \"file:///etc/passwd\"}", 400, Invalid },
        { "version-source-dotdot", "POST", Mlflow + "model-versions/create", Json, "{\"name\": \"{model}\", \"source\": \"mlflow-artifacts:/0/%2e%2e/%2e%2e/etc\"}", 400, Invalid },
        { "version-source-absolute", "POST", Mlflow + "model-versions/create", Json, "{\"name\": \"{model}\", \"source\": \"/etc/passwd\"}", 400, Invalid },
        { "version-source-number", "POST", Mlflow + "model-versions/create", Json, "{\"name\": \"{model}\", \"source\": 5}", 400, Invalid },
        { "version-no-source", "POST", Mlflow + "model-versions/create", Json, "{\"name\": \"{model}\"}", 400, Invalid },
        { "version-no-model", "POST", Mlflow + "model-versions/create", Json, "{\"name\": \"sweep-none\", \"source\": \"mlflow-artifacts:/0/x\"}", 404, Missing },
        { "version-get-text", "GET", Mlflow + "model-versions/get?name={model}&version=abc", null, "", 400, Invalid },
        { "version-get-2^64", "GET", Mlflow + "model-versions/get?name={model}&version=18446744073709551616", null, "", 400, Invalid },
        { "version-get-1e300", "GET", Mlflow + "model-versions/get?name={model}&version=1e300", null, "", 400, Invalid },
        { "version-get-negative", "GET", Mlflow + "model-versions/get?name={model}&version=-1", null, "", 404, Missing },
        { "version-get-nul", "GET", Mlflow + "model-versions/get?name={model}&version=%00", null, "", 400, Invalid },
        { "versions-max-negative", "GET", Mlflow + "model-versions/search?max_results=-1", null, "", 400, Invalid },
        { "versions-max-1e12", "GET", Mlflow + "model-versions/search?max_results=1000000000000", null, "", 400, Invalid },
        { "versions-token-garbage", "GET", Mlflow + "model-versions/search?page_token=not-base64!", null, "", 400, Invalid },
        { "versions-filter-type", "GET", Mlflow + "model-versions/search?filter=version_number%3Dabc", null, "", 400, Invalid },

        // Aliases.
        { "alias-traversal", "POST", Mlflow + "registered-models/alias", Json, "{\"name\": \"{model}\", \"alias\": \"../x\", \"version\": \"1\"}", 400, Invalid },
        { "alias-lone-surrogate", "POST", Mlflow + "registered-models/alias", Json, "{\"name\": \"{model}\", \"alias\": \"\\ud800\", \"version\": \"1\"}", 400, Invalid },
        { "alias-nul", "POST", Mlflow + "registered-models/alias", Json, "{\"name\": \"{model}\", \"alias\": \"a\\u0000\", \"version\": \"1\"}", 400, Invalid },
        { "alias-rtl", "POST", Mlflow + "registered-models/alias", Json, "{\"name\": \"{model}\", \"alias\": \"\\u202echampion\", \"version\": \"1\"}", 400, Invalid },
        { "alias-latest", "POST", Mlflow + "registered-models/alias", Json, "{\"name\": \"{model}\", \"alias\": \"Latest\", \"version\": \"1\"}", 400, Invalid },
        { "alias-v1", "POST", Mlflow + "registered-models/alias", Json, "{\"name\": \"{model}\", \"alias\": \"v1\", \"version\": \"2\"}", 400, Invalid },
        { "alias-300-chars", "POST", Mlflow + "registered-models/alias", Json, "{\"name\": \"{model}\", \"alias\": \"" + new string('a', 300) + "\", \"version\": \"1\"}", 400, Invalid },
        { "alias-version-number", "POST", Mlflow + "registered-models/alias", Json, "{\"name\": \"{model}\", \"alias\": \"champion\", \"version\": 2}", 400, Invalid },
        { "alias-version-text", "POST", Mlflow + "registered-models/alias", Json, "{\"name\": \"{model}\", \"alias\": \"champion\", \"version\": \"two\"}", 400, Invalid },
        { "alias-version-2^64", "POST", Mlflow + "registered-models/alias", Json, "{\"name\": \"{model}\", \"alias\": \"champion\", \"version\": \"18446744073709551616\"}", 400, Invalid },
        { "alias-version-missing", "POST", Mlflow + "registered-models/alias", Json, "{\"name\": \"{model}\", \"alias\": \"champion\", \"version\": \"-1\"}", 404, Missing },
        { "alias-delete-traversal", "DELETE", Mlflow + "registered-models/alias", Json, "{\"name\": \"{model}\", \"alias\": \"../champion\"}", 400, Invalid },
        { "alias-delete-query-only", "DELETE", Mlflow + "registered-models/alias?name={model}&alias=champion", null, "", 400, Invalid },
        { "alias-get-nul", "GET", Mlflow + "registered-models/alias?name={model}&alias=%00", null, "", 400, Invalid },

        // Runs: log-batch and friends.
        { "batch-no-run", "POST", Mlflow + "runs/log-batch", Json, "{\"metrics\": []}", 400, Invalid },
        { "batch-unknown-run", "POST", Mlflow + "runs/log-batch", Json, "{\"run_id\": \"0123456789abcdef\", \"params\": [{\"key\": \"p\", \"value\": \"1\"}]}", 404, Missing },
        { "batch-metrics-object", "POST", Mlflow + "runs/log-batch", Json, "{\"run_id\": \"{run}\", \"metrics\": {\"auc\": 1}}", 400, Invalid },
        { "batch-value-text", "POST", Mlflow + "runs/log-batch", Json, "{\"run_id\": \"{run}\", \"metrics\": [{\"key\": \"m\", \"value\": \"abc\", \"timestamp\": 1}]}", 400, Invalid },
        { "batch-timestamp-1e300", "POST", Mlflow + "runs/log-batch", Json, "{\"run_id\": \"{run}\", \"metrics\": [{\"key\": \"m\", \"value\": 1, \"timestamp\": 1e300}]}", 400, Invalid },
        { "batch-timestamp-negative", "POST", Mlflow + "runs/log-batch", Json, "{\"run_id\": \"{run}\", \"metrics\": [{\"key\": \"m\", \"value\": 1, \"timestamp\": -1}]}", 400, Invalid },
        { "batch-step-text", "POST", Mlflow + "runs/log-batch", Json, "{\"run_id\": \"{run}\", \"metrics\": [{\"key\": \"m\", \"value\": 1, \"timestamp\": 1, \"step\": \"x\"}]}", 400, Invalid },
        { "batch-empty-key", "POST", Mlflow + "runs/log-batch", Json, "{\"run_id\": \"{run}\", \"metrics\": [{\"key\": \"\", \"value\": 1, \"timestamp\": 1}]}", 400, Invalid },
        { "batch-param-number", "POST", Mlflow + "runs/log-batch", Json, "{\"run_id\": \"{run}\", \"params\": [{\"key\": \"p2\", \"value\": 5}]}", 400, Invalid },
        { "batch-param-changed", "POST", Mlflow + "runs/log-batch", Json, "{\"run_id\": \"{run}\", \"params\": [{\"key\": \"lr\", \"value\": \"0.2\"}]}", 400, Invalid },
        { "batch-surrogate-run", "POST", Mlflow + "runs/log-batch", Json, "{\"run_id\": \"\\ud800\", \"metrics\": []}", 400, Invalid },
        { "batch-1001-metrics", "POST", Mlflow + "runs/log-batch", Json, "@metrics:1001", 400, Invalid },
        { "batch-over-1MB", "POST", Mlflow + "runs/log-batch", Json, "@batch:1100000", 400, Invalid },
        { "run-create-bad-experiment", "POST", Mlflow + "runs/create", Json, "{\"experiment_id\": \"99999999999999999999999\"}", 400, Invalid },
        { "run-create-start-1e300", "POST", Mlflow + "runs/create", Json, "{\"experiment_id\": \"0\", \"start_time\": 1e300}", 400, Invalid },
        { "run-update-status", "POST", Mlflow + "runs/update", Json, "{\"run_id\": \"{run}\", \"status\": \"EXPLODED\"}", 400, Invalid },

        // Artifacts: traversal in every spelling, odd bytes, folders, methods.
        { "put-dotdot", "PUT", Artifacts + "/../" + M, "application/octet-stream", "x", 400, Invalid },
        { "put-deep-dotdot", "PUT", Artifacts + "/0/../../../" + M, "application/octet-stream", "x", 400, Invalid },
        { "put-encoded-dotdot", "PUT", Artifacts + "/%2e%2e/%2e%2e/" + M, "application/octet-stream", "x", 400, Invalid },
        { "put-encoded-slashes", "PUT", Artifacts + "/%2e%2e%2f%2e%2e%2f" + M, "application/octet-stream", "x", 400, Invalid },
        { "put-double-encoded", "PUT", Artifacts + "/..%252f..%252f" + M, "application/octet-stream", "x", 400, Invalid },
        { "put-absolute", "PUT", Artifacts + "/%2Ftmp%2F" + M, "application/octet-stream", "x", 400, Invalid },
        { "put-backslash", "PUT", Artifacts + "/0\\..\\..\\" + M, "application/octet-stream", "x", 400, Invalid },
        { "put-encoded-backslash", "PUT", Artifacts + "/0%5C..%5C..%5C" + M, "application/octet-stream", "x", 400, Invalid },
        { "put-drive", "PUT", Artifacts + "/C:%5C" + M, "application/octet-stream", "x", 400, Invalid },
        { "put-hash", "PUT", Artifacts + "/0/a%23" + M, "application/octet-stream", "x", 400, Invalid },
        { "put-nul", "PUT", Artifacts + "/0/" + M + "%00.png", "application/octet-stream", "x", 400, "" },
        { "put-folder", "PUT", Artifacts + "/{art}/model/", "application/octet-stream", "x", 400, Invalid },
        { "put-root", "PUT", Artifacts + "/", "application/octet-stream", "x", 400, Invalid },
        { "put-under-a-file", "PUT", Artifacts + "/{art}/model/MLmodel/" + M, "application/octet-stream", "x", 400, Invalid },
        { "get-dotdot", "GET", Artifacts + "/../../../../etc/passwd", null, "", 400, Invalid },
        { "get-encoded-dotdot", "GET", Artifacts + "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", null, "", 400, Invalid },
        { "get-absolute", "GET", Artifacts + "/%2Fetc%2Fpasswd", null, "", 400, Invalid },
        { "get-missing", "GET", Artifacts + "/{art}/model/nothing-here", null, "", 404, Missing },
        { "list-dotdot", "GET", Artifacts + "?path=..", null, "", 400, Invalid },
        { "list-absolute", "GET", Artifacts + "?path=%2Fetc", null, "", 400, Invalid },
        { "list-deep-dotdot", "GET", Artifacts + "?path={art}%2F..%2F..%2F..%2F..", null, "", 400, Invalid },
        { "list-nul", "GET", Artifacts + "?path=a%00b", null, "", 400, Invalid },
        { "list-backslash", "GET", Artifacts + "?path=a%5C..", null, "", 400, Invalid },
        { "delete-artifact", "DELETE", Artifacts + "/{art}/model/MLmodel", null, "", 405, "ENDPOINT_NOT_FOUND" },
    };

    [LocalRegistryTheory(Reason)]
    [MemberData(nameof(Cases))]
    public async Task Route_BadInput_Is4xxMlflowErrorAndChangesNothing(string label, string method, string target, string? contentType, string body, int status, string errorCode)
    {
        // Arrange
        var before = await registry.SnapshotAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), AsIs(Fill(target)));
        if (contentType is not null || body.Length > 0)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body(Fill(body))));
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        // Act
        using var response = await registry.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var after = await registry.SnapshotAsync();

        // Assert
        Assert.True((int)response.StatusCode == status, $"{label}: {(int)response.StatusCode} {text}");
        if (errorCode.Length == 0)
        {
            Assert.Equal("", text); // refused by Kestrel on the request line, before any registry code runs
        }
        else
        {
            using var error = JsonDocument.Parse(text);
            Assert.Equal(errorCode, error.RootElement.GetProperty("error_code").GetString());
            Assert.False(string.IsNullOrWhiteSpace(error.RootElement.GetProperty("message").GetString()));
        }

        Assert.Equal(before, after);
        Assert.Empty(registry.MarkerFiles());
    }

    [LocalRegistryFact("names are stored as sent; a stock MLflow's database may differ on NUL")]
    public async Task CreateRegisteredModel_OddButValidUnicodeName_RoundTripsExactly()
    {
        // Right-to-left override, NUL, a combining mark and an astral emoji: valid text, kept byte for byte.
        var name = "sweep-\u202eledom\u0000-e\u0301-\U0001F600-" + Guid.NewGuid().ToString("N")[..6];
        var client = new MlflowClient(registry.Http);

        var created = await client.CreateRegisteredModelAsync(name);
        var found = await client.GetRegisteredModelAsync(name);

        Assert.Equal(name, created.Name);
        Assert.Equal(name, found?.Name);
    }

    /// <summary>A URI whose path and query are sent exactly as written (no dot-segment removal, no unescaping).</summary>
    private Uri AsIs(string target) =>
        new(registry.Http.BaseAddress + target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    private string Fill(string text) => text
        .Replace("{model}", registry.SeededModel, StringComparison.Ordinal)
        .Replace("{run}", registry.RunId, StringComparison.Ordinal)
        .Replace("{art}", registry.RunArtifacts, StringComparison.Ordinal);

    private string Body(string body)
    {
        var colon = body.IndexOf(':');
        if (!body.StartsWith('@') || colon < 0)
        {
            return body;
        }

        var size = int.Parse(body[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return body[..colon] switch
        {
            "@json" => "{\"name\": \"sweep-big-" + new string('a', size) + "\"}",
            "@batch" => "{\"run_id\": \"" + registry.RunId + "\", \"tags\": [{\"key\": \"big\", \"value\": \"" + new string('b', size) + "\"}]}",
            "@metrics" => "{\"run_id\": \"" + registry.RunId + "\", \"metrics\": [" +
                string.Join(',', Enumerable.Range(0, size).Select(i => $"{{\"key\": \"m{i}\", \"value\": 1, \"timestamp\": 1}}")) + "]}",
            _ => throw new ArgumentException($"unknown body generator {body}"),
        };
    }

    private static string Token(string json) => Uri.EscapeDataString(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));
}
