using System.Text.Json;
using Bandit.Contracts;
using Bandit.ServiceDefaults.Http;
using Bandit.Variants.Model;

namespace Bandit.Variants.Apis;

/// <summary>
/// Reads and checks a <c>POST /recommend</c> request by hand rather than by parameter binding, so every bad input
/// (no body, malformed JSON, wrong types, values out of range, bad decision headers) gets a 4xx problem-details
/// answer that says what is wrong.
/// </summary>
internal static class RecommendRequestReader
{
    public const int MaxBodyBytes = 64 * 1024;

    private const int MaxHeaderLength = 512;

    /// <summary>The request, or the problem to answer with.</summary>
    public static async Task<(RecommendRequest? Request, DecisionHeaders Headers, IResult? Problem)> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(http, MaxBodyBytes, cancellationToken);
        if (body.IsRefused)
        {
            return (null, default, body.Problem);
        }

        var errors = new Dictionary<string, string[]>();
        var headers = ReadHeaders(http.Headers, errors);
        RecommendRequest? request = null;
        if (body.IsEmpty)
        {
            errors["body"] = ["a JSON body {\"userId\": …, \"k\"?: …, \"exclude\"?: […]} is required"];
        }
        else
        {
            try
            {
                request = JsonSerializer.Deserialize(body.Bytes, VariantsJsonContext.Default.RecommendRequest);
                if (request is null)
                {
                    errors["body"] = ["the body must be a JSON object, not null"];
                }
            }
            catch (JsonException e)
            {
                errors[string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.')] = [$"malformed JSON or a wrong type: {e.Message}"];
            }
        }

        if (request is not null)
        {
            Validate(request, errors);
        }

        return errors.Count > 0 ? (null, headers, TypedResults.ValidationProblem(errors, title: "Invalid recommend request")) : (request, headers, null);
    }

    private static void Validate(RecommendRequest request, Dictionary<string, string[]> errors)
    {
        if (request.UserId is null)
        {
            errors["userId"] = ["userId is required"];
        }
        else if (request.UserId < 0)
        {
            errors["userId"] = ["userId must be 0 or more"];
        }

        if (request.K is < 1 or > RecommendRequest.MaxK)
        {
            errors["k"] = [$"k must be between 1 and {RecommendRequest.MaxK} (default {RecommendRequest.DefaultK})"];
        }

        if (request.Exclude is { } exclude)
        {
            if (exclude.Count > RecommendRequest.MaxExclude)
            {
                errors["exclude"] = [$"exclude holds {exclude.Count} ids; at most {RecommendRequest.MaxExclude} are accepted"];
            }
            else if (exclude.Any(id => id < 0))
            {
                errors["exclude"] = ["exclude holds a negative movie id"];
            }
        }
    }

    private static DecisionHeaders ReadHeaders(IHeaderDictionary headers, Dictionary<string, string[]> errors)
    {
        var arm = Text(headers, BanditHeaders.Arm, errors);
        var decision = Text(headers, BanditHeaders.Decision, errors);
        double? propensity = null;
        if (headers.TryGetValue(BanditHeaders.Propensity, out var raw))
        {
            if (raw.Count == 1 && double.TryParse(raw[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var p)
                && double.IsFinite(p) && p is > 0 and <= 1)
            {
                propensity = p;
            }
            else
            {
                errors[BanditHeaders.Propensity] = [$"{BanditHeaders.Propensity} must be one number in (0, 1]"];
            }
        }

        return new DecisionHeaders(arm, decision, propensity);
    }

    private static string? Text(IHeaderDictionary headers, string name, Dictionary<string, string[]> errors)
    {
        if (!headers.TryGetValue(name, out var raw))
        {
            return null;
        }

        if (raw.Count != 1 || string.IsNullOrWhiteSpace(raw[0]) || raw[0]!.Length > MaxHeaderLength)
        {
            errors[name] = [$"{name} must be one non-empty value of at most {MaxHeaderLength} characters"];
            return null;
        }

        return raw[0];
    }
}

/// <summary>The Router's decision, when it sent its headers.</summary>
internal readonly record struct DecisionHeaders(string? Arm, string? DecisionId, double? Propensity);
