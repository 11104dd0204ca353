using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bandit.Registry.Infrastructure;

/// <summary>MLflow's input rules (mlflow/utils/validation.py, mlflow/server/handlers.py), with its messages.</summary>
public static partial class Validation
{
    public const int MaxAliasLength = 255;
    public const int MaxEntityKeyLength = 250;
    public const int MaxParamValueLength = 6000;
    public const int MaxTagValueLength = 8000;
    public const int MaxExperimentNameLength = 500;
    public const int MaxParamsTagsPerBatch = 100;
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxEntitiesPerBatch = 1000;
    public const int MaxModelVersionsPerSearch = 200_000;
    public const int MaxRegisteredModelsPerSearch = 1000;

    [GeneratedRegex(@"^[\w\-]*$")]
    private static partial Regex AliasChars();

    [GeneratedRegex(@"^[vV]\d+$")]
    private static partial Regex VersionAlias();

    /// <summary>Alias names: word characters and dashes, at most 255 (for reads and deletes too).</summary>
    public static void AliasName(string alias)
    {
        if (!AliasChars().IsMatch(alias))
        {
            throw RegistryException.Invalid($"Invalid alias name: '{alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).");
        }

        if (alias.Length > MaxAliasLength)
        {
            throw RegistryException.Invalid($"Registered model alias name exceeds the maximum length of {MaxAliasLength}");
        }
    }

    /// <summary>Names an alias cannot be set to: <c>latest</c> (any case) and <c>v&lt;digits&gt;</c>.</summary>
    public static void AliasNotReserved(string alias)
    {
        if (alias.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            throw RegistryException.Invalid("'latest' alias name (case insensitive) is reserved.");
        }

        if (VersionAlias().IsMatch(alias))
        {
            throw RegistryException.Invalid($"Version alias name '{alias}' is reserved.");
        }
    }

    /// <summary>A model version number; non-integers are 400 as in MLflow.</summary>
    public static int Version(string version) =>
        int.TryParse(version, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw RegistryException.Invalid($"Parameter 'version' must be an integer, got '{version}'.");

    public static string LengthLimit(string what, string value, int limit) =>
        value.Length <= limit ? value : throw RegistryException.Invalid($"{what} '{value[..Math.Min(value.Length, 100)]}...' had length {value.Length}, which exceeded length limit of {limit}");

    /// <summary>MLflow truncates over-long param and tag values by default (MLFLOW_TRUNCATE_LONG_VALUES=true).</summary>
    public static string Truncate(string value, int limit) => value.Length <= limit ? value : value[..limit];

    /// <summary>
    /// A model version source must be a URI with a scheme other than file (mlflow-artifacts:/, runs:/, models:/,
    /// http(s), s3, ...) and free of '..' or NUL: MLflow refuses local paths unless they sit inside the run's
    /// local artifact folder, which never applies here because every run stores through the artifact proxy.
    /// </summary>
    public static void ModelVersionSource(string source)
    {
        var decoded = source;
        for (var i = 0; i < 5 && Uri.UnescapeDataString(decoded) is var next && next != decoded; i++)
        {
            decoded = next;
        }

        var colon = decoded.IndexOf(':');
        var scheme = colon > 1 ? decoded[..colon] : "";
        if (scheme.Length == 0 || scheme.Equals("file", StringComparison.OrdinalIgnoreCase) || !scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            throw RegistryException.Invalid(
                $"Invalid model version source: '{source}'. To use a local path as a model version source, the run_id request parameter has to be specified " +
                "and the local path has to be contained within the artifact directory of the run specified by the run_id.");
        }

        if (decoded.Contains('\0') || decoded.Split('/').Any(s => s == ".."))
        {
            throw RegistryException.Invalid(
                $"Invalid model version source: '{source}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, " +
                "an absolute path must be provided without relative path references present. Please provide an absolute path.");
        }
    }

    /// <summary>
    /// An artifact path relative to the artifact root, checked as MLflow's <c>validate_path_is_safe</c>: no '#',
    /// no backslash, no '..' segment, not absolute, no drive letter; control characters are refused too.
    /// Returns the path without empty or '.' segments.
    /// </summary>
    public static string ArtifactPath(string path)
    {
        var invalid = RegistryException.Invalid("Invalid path");
        if (path.Contains('#') || path.Contains('\\') || path.StartsWith('/') || path.Any(char.IsControl)
            || (path.Length >= 2 && path[1] == ':') || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw invalid;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Any(s => s == "..") ? throw invalid : string.Join('/', segments.Where(s => s != "."));
    }

    /// <summary>MLflow's page tokens: base64 of <c>{"offset": N}</c>.</summary>
    public static string PageToken(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"offset\": {offset}}}"));

    public static int Offset(string? pageToken)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return 0;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(pageToken);
        }
        catch (FormatException)
        {
            throw RegistryException.Invalid("Invalid page token, could not base64-decode");
        }

        try
        {
            using var token = JsonDocument.Parse(bytes);
            if (token.RootElement.ValueKind == JsonValueKind.Object && token.RootElement.TryGetProperty("offset", out var offset)
                && offset.TryGetInt32(out var value) && value >= 0)
            {
                return value;
            }
        }
        catch (JsonException)
        {
            // falls through to the error below
        }

        throw RegistryException.Invalid($"Invalid page token, decoded value={Encoding.UTF8.GetString(bytes)}");
    }

    public static int MaxResults(long? requested, int @default, int limit)
    {
        var value = requested ?? @default;
        if (value < 1)
        {
            throw RegistryException.Invalid($"Invalid value for max_results. It must be a positive integer, but got {value}");
        }

        return value <= limit
            ? (int)value
            : throw RegistryException.Invalid($"Invalid value for request parameter max_results. It must be at most {limit}, but got value {value}");
    }
}
