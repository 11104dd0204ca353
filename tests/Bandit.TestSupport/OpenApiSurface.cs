using System.Text.Json;

namespace Bandit.TestSupport;

/// <summary>The routes and declared status codes of an OpenAPI document (<c>/openapi/v1.json</c>).</summary>
public sealed class OpenApiSurface
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    private OpenApiSurface(Dictionary<(string Method, string Path), IReadOnlySet<int>> statuses) => Statuses = statuses;

    /// <summary>Each operation (method in upper case, path as in the document) and the status codes it declares.</summary>
    public IReadOnlyDictionary<(string Method, string Path), IReadOnlySet<int>> Statuses { get; }

    public IReadOnlySet<(string Method, string Path)> Routes => Statuses.Keys.ToHashSet();

    /// <summary>Fetches and reads the service's document.</summary>
    public static async Task<OpenApiSurface> FetchAsync(HttpClient http, string path = "/openapi/v1.json")
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {text}");
        }

        return Parse(text);
    }

    public static OpenApiSurface Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var statuses = new Dictionary<(string, string), IReadOnlySet<int>>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                var codes = operation.Value.TryGetProperty("responses", out var responses)
                    ? responses.EnumerateObject().Select(r => int.TryParse(r.Name, out var code) ? code : 0).ToHashSet()
                    : [];
                statuses[(operation.Name.ToUpperInvariant(), path.Name)] = codes;
            }
        }

        return new OpenApiSurface(statuses);
    }
}
