using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bandit.TestSupport;

/// <summary>Holds one answer to the bad-input rule: below 500, a 4xx in the service's error shape, no stack trace.</summary>
public static partial class SweepVerdict
{
    /// <summary>Null when the answer keeps the rule; otherwise what is wrong with it. A <paramref name="page"/> answer is held to no error shape.</summary>
    public static string? Judge(ErrorShape shape, int status, string body, MediaTypeHeaderValue? contentType, bool expectUnauthorized, bool page = false)
    {
        var excerpt = body.Length > 300 ? body[..300] + "…" : body;
        if (status >= 500)
        {
            return $"{status} (a server error for bad input): {excerpt}";
        }

        if (StackTrace().IsMatch(body))
        {
            return $"{status} with a stack trace in the body: {excerpt}";
        }

        if (expectUnauthorized && status != 401)
        {
            return $"{status} without the right credential, not 401: {excerpt}";
        }

        return status is >= 400 and < 500 && !page ? ShapeError(shape, status, body, contentType) is { } error ? $"{status} {error}: {excerpt}" : null : null;
    }

    private static string? ShapeError(ErrorShape shape, int status, string body, MediaTypeHeaderValue? contentType)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return $"not a JSON error body ({contentType?.MediaType ?? "no Content-Type"})";
        }

        if (shape == ErrorShape.Mlflow)
        {
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error_code", out var code) && code.ValueKind == JsonValueKind.String
                && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String && message.GetString()!.Length > 0
                ? null : "not MLflow's {error_code, message}";
        }

        if (contentType?.MediaType != "application/problem+json")
        {
            return $"not application/problem+json ({contentType?.MediaType ?? "no Content-Type"})";
        }

        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out var s) && s.TryGetInt32(out var given) && given == status
            && root.TryGetProperty("title", out _) ? null : "problem details without a matching status and a title";
    }

    /// <summary>A .NET frame (<c>at Namespace.Type.Method(</c>), a source line, or the rethrow marker.</summary>
    [GeneratedRegex(@"\bat [A-Za-z_][\w.`<>+]*\.[\w<>`]+\(|\.cs:line \d+|--- End of (inner exception )?stack trace")]
    private static partial Regex StackTrace();
}
