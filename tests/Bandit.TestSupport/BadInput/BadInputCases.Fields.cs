using System.Text.Json.Nodes;

namespace Bandit.TestSupport;

// The field mutations of a well-formed body: each field, two levels deep, set to each bad value or left out.
public static partial class BadInputCases
{
    /// <summary>Stands in for the bad value while the body is serialized, then is replaced by the raw JSON (which may not parse).</summary>
    private const string Marker = "@@sweep-value@@";

    /// <summary>Each field (two levels deep, into the first element of an array) replaced by each bad value, or left out.</summary>
    private static IEnumerable<(string Field, string Json)> FieldMutations(string wellFormed)
    {
        if (JsonNode.Parse(wellFormed) is not JsonObject)
        {
            yield break;
        }

        foreach (var path in Fields(JsonNode.Parse(wellFormed)!, [], 0))
        {
            var label = string.Join('.', path);
            var missing = JsonNode.Parse(wellFormed)!;
            _ = Parent(missing, path, out var last) switch
            {
                JsonObject o => o.Remove((string)last),
                JsonArray a => RemoveAt(a, (int)last),
                _ => false,
            };
            yield return ($"{label} missing", missing.ToJsonString());

            var marked = JsonNode.Parse(wellFormed)!;
            switch (Parent(marked, path, out last))
            {
                case JsonObject o: o[(string)last] = Marker; break;
                case JsonArray a: a[(int)last] = Marker; break;
            }

            var template = marked.ToJsonString();
            foreach (var (name, json) in BadInputValues.FieldValues)
            {
                yield return ($"{label}={name}", template.Replace($"\"{Marker}\"", json, StringComparison.Ordinal));
            }
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static IEnumerable<List<object>> Fields(JsonNode node, List<object> at, int depth)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                List<object> path = [.. at, key];
                yield return path;
                if (value is not null && depth < 2)
                {
                    foreach (var inner in Fields(value, path, depth + 1))
                    {
                        yield return inner;
                    }
                }
            }
        }
        else if (node is JsonArray { Count: > 0 } array && array[0] is { } first)
        {
            List<object> path = [.. at, 0];
            yield return path;
            foreach (var inner in Fields(first, path, depth))
            {
                yield return inner;
            }
        }
    }

    private static JsonNode? Parent(JsonNode root, List<object> path, out object last)
    {
        var node = root;
        foreach (var step in path.SkipLast(1))
        {
            node = step is int i ? node![i] : node![(string)step];
        }

        last = path[^1];
        return node;
    }
}
