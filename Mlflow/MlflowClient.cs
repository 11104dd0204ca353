using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bandit.Mlflow.Protocol;

namespace Bandit.Mlflow;

/// <summary>
/// A typed client for the MLflow REST API (tracking, artifacts through the <c>mlflow-artifacts</c>
/// proxy, model registry). <c>http.BaseAddress</c> is the tracking URI. It speaks only MLflow's wire
/// protocol, so a stock MLflow server and the project's local registry are used the same way.
/// Failures throw <see cref="MlflowException"/> with MLflow's <c>error_code</c>; retries, if any, are the
/// HttpClient pipeline's business (see <see cref="MlflowServiceCollectionExtensions"/>).
/// </summary>
public sealed partial class MlflowClient(HttpClient http)
{
    private const string ApiPrefix = "api/2.0/mlflow/";
    private readonly HttpClient _http = http;
    private readonly Uri _tracking = ArtifactUri.WithTrailingSlash(
        http.BaseAddress ?? throw new ArgumentException("HttpClient.BaseAddress must be the MLflow tracking URI.", nameof(http)));

    /// <summary>The tracking URI, with a trailing slash.</summary>
    public Uri TrackingUri => _tracking;

    private static long NowMillis() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private Uri Api(string path, params (string Key, string? Value)[] query)
    {
        var parts = query.Where(q => q.Value is not null).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value!)}");
        var qs = string.Join('&', parts);
        return new Uri(_tracking, ApiPrefix + path + (qs.Length > 0 ? "?" + qs : ""));
    }

    private Task<T> GetAsync<T>(Uri uri, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, uri), responseType, cancellationToken);

    private Task<TResponse> PostAsync<TRequest, TResponse>(
        string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken, bool idempotent = true) =>
        SendAsync(JsonRequest(HttpMethod.Post, Api(path), body, requestType, idempotent), responseType, cancellationToken);

    /// <summary>A JSON request with a Content-Length (serialized up front: MLflow reads the body with Content-Type application/json).</summary>
    private static HttpRequestMessage JsonRequest<T>(HttpMethod method, Uri uri, T body, JsonTypeInfo<T> type, bool idempotent = true)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(method, uri) { Content = content };
        if (!idempotent)
        {
            request.Options.Set(MlflowServiceCollectionExtensions.NonIdempotent, true);
        }

        return request;
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, responseType, cancellationToken).ConfigureAwait(false)
                ?? throw new MlflowException(response.StatusCode, null, "empty JSON body", Describe(request));
        }
    }

    /// <summary>Turns a non-2xx answer into an <see cref="MlflowException"/> carrying MLflow's error_code.</summary>
    private static async Task EnsureSuccessAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize(body, MlflowJsonContext.Default.ErrorResponse);
        }
        catch (JsonException)
        {
            // Not MLflow's error body (a proxy's page): keep the text.
        }

        var message = error?.Message ?? (body.Length > 300 ? body[..300] : body);
        throw new MlflowException(response.StatusCode, error?.ErrorCode, message, Describe(request));
    }

    private static string Describe(HttpRequestMessage request) => $"{request.Method} {request.RequestUri?.AbsolutePath}";
}
