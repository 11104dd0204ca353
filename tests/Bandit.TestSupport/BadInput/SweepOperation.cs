using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bandit.TestSupport;

/// <summary>
/// One operation of a service's OpenAPI document, as far as a <see cref="BadInputSweep"/> needs it: its path and query
/// parameters, whether it reads a body (a <c>requestBody</c>, or a declared 415: the body refusals of the shared JSON
/// reader), and a well-formed body built from the body's schema when the document has one.
/// </summary>
public sealed record SweepOperation(string Method, string Path, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters, bool ReadsBody, JsonObject? SchemaSample)
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    public override string ToString() => $"{Method} {Path}";

    /// <summary>Every operation of the document at <paramref name="json"/>.</summary>
    public static IReadOnlyList<SweepOperation> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var operations = new List<SweepOperation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                string[] Named(string where) => [.. parameters.Where(x => x.GetProperty("in").GetString() == where).Select(x => x.GetProperty("name").GetString()!)];
                var declares415 = operation.Value.TryGetProperty("responses", out var responses) && responses.TryGetProperty("415", out _);
                var hasBody = operation.Value.TryGetProperty("requestBody", out var body);
                JsonObject? sample = null;
                if (hasBody && body.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var media) && media.TryGetProperty("schema", out var schema))
                {
                    sample = Sample(root, schema, 0) as JsonObject;
                }

                operations.Add(new SweepOperation(operation.Name.ToUpperInvariant(), path.Name, Named("path"), Named("query"), hasBody || declares415, sample));
            }
        }

        return operations;
    }

    /// <summary>A value the schema describes: the first non-null type, a property for every property, one item per array.</summary>
    private static JsonNode? Sample(JsonElement root, JsonElement schema, int depth)
    {
        if (depth > 4)
        {
            return null;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return Sample(root, root.GetProperty("components").GetProperty("schemas").GetProperty(name), depth + 1);
        }

        var type = !schema.TryGetProperty("type", out var t) ? (schema.TryGetProperty("properties", out _) ? "object" : null)
            : t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()).FirstOrDefault(x => x != "null")
            : t.GetString();
        switch (type)
        {
            case "object":
                var result = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        result[property.Name] = Sample(root, property.Value, depth + 1);
                    }
                }

                return result;
            case "array":
                return schema.TryGetProperty("items", out var items) ? new JsonArray(Sample(root, items, depth + 1)) : new JsonArray();
            case "integer": return 1;
            case "number": return 0.5;
            case "boolean": return true;
            case "string": return "x";
            default: return null;
        }
    }
}
