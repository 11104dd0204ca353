using Microsoft.Net.Http.Headers;

namespace Bandit.ServiceDefaults.Http;

/// <summary>Which Content-Type a JSON endpoint takes.</summary>
public enum JsonMediaRule
{
    /// <summary><c>application/json</c> or <c>application/*+json</c>, or no Content-Type at all.</summary>
    JsonOrNone,

    /// <summary><c>application/json</c> or <c>application/*+json</c> only.</summary>
    JsonRequired,

    /// <summary>Any Content-Type: the caller checks it later (a signed webhook authenticates the sender first).</summary>
    Any,
}

/// <summary>The Content-Type rule of the JSON endpoints (415 otherwise).</summary>
public static class JsonMediaType
{
    public static bool IsAcceptable(string? header, JsonMediaRule rule = JsonMediaRule.JsonOrNone)
    {
        if (rule == JsonMediaRule.Any)
        {
            return true;
        }

        if (string.IsNullOrEmpty(header))
        {
            return rule == JsonMediaRule.JsonOrNone;
        }

        if (!MediaTypeHeaderValue.TryParse(header, out var media) || media.MediaType.Value is not { } type)
        {
            return false;
        }

        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
