using Microsoft.Net.Http.Headers;

namespace Bandit.Router.Common;

/// <summary>The Content-Type rule of the JSON endpoints: <c>application/json</c> or <c>application/*+json</c>, or none at all (415 otherwise).</summary>
internal static class JsonMediaType
{
    public static bool IsAcceptable(HttpRequest request)
    {
        var header = request.ContentType;
        if (string.IsNullOrEmpty(header))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(header, out var media) || media.MediaType.Value is not { } type)
        {
            return false;
        }

        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
