using System.Text.Json;
using Bandit.ServiceDefaults.Http;

namespace Bandit.Router.Choosing;

/// <summary>A validated <c>POST /choose</c>: the user, how many items, and the body as received (forwarded unchanged).</summary>
public sealed record ChooseRequest(long UserId, int K, byte[] Body)
{
    public const int DefaultK = 10;
    public const int MaxK = 100;

    /// <summary>Bodies larger than this are refused (413) before parsing.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>The key the hash split and the event log use for the user.</summary>
    public string UserKey => UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads <c>{"userId": int ≥ 0, "k"?: 1..100, …}</c> (other fields, e.g. <c>exclude</c> or <c>context</c>, pass through
    /// to the variant). On failure <paramref name="error"/> says what is wrong, in one sentence for the client.
    /// </summary>
    public static bool TryParse(byte[] body, out ChooseRequest? request, out string? error)
    {
        request = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            error = $"the body is not valid JSON: {e.Message}";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the body must be a JSON object like {\"userId\": 42, \"k\": 10}.";
                return false;
            }

            if (!JsonNames.AreReadable(root))
            {
                error = JsonNames.Unreadable;
                return false;
            }

            if (!root.TryGetProperty("userId", out var user) || user.ValueKind == JsonValueKind.Null)
            {
                error = "userId is required: an integer >= 0.";
                return false;
            }

            if (user.ValueKind != JsonValueKind.Number || !user.TryGetInt64(out var userId) || userId < 0)
            {
                error = $"userId must be an integer >= 0 (up to {long.MaxValue}), got {Describe(user)}.";
                return false;
            }

            var k = DefaultK;
            if (root.TryGetProperty("k", out var kElement) && kElement.ValueKind != JsonValueKind.Null)
            {
                if (kElement.ValueKind != JsonValueKind.Number || !kElement.TryGetInt32(out k) || k is < 1 or > MaxK)
                {
                    error = $"k must be an integer in [1, {MaxK}], got {Describe(kElement)}.";
                    return false;
                }
            }

            request = new ChooseRequest(userId, k, body);
            error = null;
            return true;
        }
    }

    private static string Describe(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length > 40 ? text[..40] + "…" : text;
    }
}
