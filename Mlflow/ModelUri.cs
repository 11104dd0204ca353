using System.Diagnostics.CodeAnalysis;

namespace Bandit.Mlflow;

/// <summary>
/// A registry model URI: <c>models:/&lt;name&gt;@&lt;alias&gt;</c>, <c>models:/&lt;name&gt;/&lt;version&gt;</c>
/// or <c>models:/&lt;name&gt;/latest</c> (the highest version), as MLflow parses them.
/// </summary>
public sealed record ModelUri(string Name, string? Version, string? Alias)
{
    public const string Prefix = "models:/";

    /// <summary>True for <c>models:/name/latest</c>.</summary>
    public bool IsLatest => string.Equals(Version, "latest", StringComparison.OrdinalIgnoreCase);

    public static ModelUri ForAlias(string name, string alias) => new(name, null, alias);

    public static ModelUri ForVersion(string name, string version) => new(name, version, null);

    public static ModelUri Parse(string uri) =>
        TryParse(uri, out var parsed)
            ? parsed
            : throw new FormatException($"'{uri}' is not a model URI: expected models:/<name>@<alias>, models:/<name>/<version> or models:/<name>/latest.");

    public static bool TryParse(string? uri, [NotNullWhen(true)] out ModelUri? parsed)
    {
        parsed = null;
        if (uri is null || !uri.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = uri[Prefix.Length..].Trim('/');
        var at = rest.LastIndexOf('@');
        if (at > 0 && at < rest.Length - 1 && !rest[(at + 1)..].Contains('/'))
        {
            parsed = ForAlias(rest[..at], rest[(at + 1)..]);
            return true;
        }

        var slash = rest.LastIndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        var version = rest[(slash + 1)..];
        if (!version.All(char.IsAsciiDigit) && !version.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        parsed = ForVersion(rest[..slash], version);
        return true;
    }

    public override string ToString() => Alias is not null ? $"{Prefix}{Name}@{Alias}" : $"{Prefix}{Name}/{Version}";
}
