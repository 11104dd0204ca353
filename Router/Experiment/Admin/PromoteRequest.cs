using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bandit.Contracts;
using Bandit.ServiceDefaults.Http;

namespace Bandit.Router.Experiment.Admin;

/// <summary>
/// The body of <c>POST /admin/promote</c>, checked field by field: <c>model</c> (letters, digits, <c>_ - .</c>),
/// <c>alias</c> (letters, digits, <c>_ -</c>; not MLflow's reserved <c>latest</c> or <c>v&lt;number&gt;</c>),
/// <c>version</c> (a positive whole number, as a string or a number) and an optional one-line <c>reason</c>.
/// </summary>
internal sealed partial record PromoteRequest(string Model, string Alias, string Version, string? Reason)
{
    public const int MaxReasonLength = 500;

    public const string Example = $$"""{"model": "{{RegistryNames.PolicyModel}}", "alias": "{{RegistryNames.PolicyA}}", "version": "2", "reason": "B wins"}""";

    /// <summary>The request, or the sentence saying what is wrong with it.</summary>
    public static (PromoteRequest? Request, string? Error) Parse(byte[] body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return (null, $"the body is not valid JSON for {Example}: {e.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, $"the body must be an object like {Example}.");
        }

        if (!JsonNames.AreReadable(root))
        {
            return (null, JsonNames.Unreadable);
        }

        var model = Text(root, "model");
        var alias = Text(root, "alias");
        var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)
            ? n.ToString(CultureInfo.InvariantCulture)
            : Text(root, "version");
        var reasonGiven = root.TryGetProperty("reason", out var r) && r.ValueKind != JsonValueKind.Null;
        var reason = reasonGiven ? Text(root, "reason") : null;
        var error = model is null || !ModelName().IsMatch(model) ? "model must be a registered model's name: letters, digits, _, - and ., at most 255."
            : alias is null || !AliasName().IsMatch(alias) || alias.Equals("latest", StringComparison.OrdinalIgnoreCase) || ReservedAlias().IsMatch(alias)
                ? "alias must be letters, digits, _ and -, at most 255, and not 'latest' or 'v<number>' (MLflow reserves them)."
            : version is null || !VersionNumber().IsMatch(version) ? "version must be a model version number, like \"2\"."
            : reasonGiven && (reason is null || reason.Length > MaxReasonLength || reason.Any(IsNotPlainText)) ? $"reason must be one line of at most {MaxReasonLength} characters, without control or bidirectional formatting characters."
            : null;
        return error is null ? (new PromoteRequest(model!, alias!, version!, reason), null) : (null, error);
    }

    /// <summary>
    /// Control characters, line and paragraph separators (a reason is one line of the audit trail), and the bidirectional
    /// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make a reason display as other text than
    /// it is ("Trojan Source"). The marks U+200E/U+200F stay: right-to-left text needs them.
    /// </summary>
    private static bool IsNotPlainText(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string? Text(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null; // a lone surrogate escape
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-.]{1,255}$")]
    private static partial Regex ModelName();

    [GeneratedRegex(@"^[A-Za-z0-9_\-]{1,255}$")]
    private static partial Regex AliasName();

    [GeneratedRegex(@"^[vV][0-9]+$")]
    private static partial Regex ReservedAlias();

    [GeneratedRegex(@"^[1-9][0-9]{0,17}$")]
    private static partial Regex VersionNumber();
}
