namespace Bandit.Mlflow;

/// <summary>
/// The one place that maps artifact URIs to HTTP: <c>mlflow-artifacts:/X</c> (and
/// <c>mlflow-artifacts://host:port/X</c>) ↔ <c>&lt;tracking&gt;/api/2.0/mlflow-artifacts/artifacts/X</c>,
/// as MLflow's own <c>MlflowArtifactsRepository.resolve_uri</c> does; <c>http(s)://…/api/2.0/mlflow-artifacts/artifacts/X</c>
/// URIs, which a server may hand out, are used as they are.
/// </summary>
public static class ArtifactUri
{
    public const string Scheme = "mlflow-artifacts";

    /// <summary>The artifact proxy's path under the tracking URI.</summary>
    public const string ProxyPath = "api/2.0/mlflow-artifacts/artifacts";

    /// <summary>Splits an artifact URI into the proxy endpoint (absolute, no trailing slash) and the path under the artifact root.</summary>
    /// <exception cref="NotSupportedException">A scheme other than mlflow-artifacts or http(s) through the proxy (s3:, file:, ...).</exception>
    public static (Uri Endpoint, string Path) Resolve(Uri trackingUri, string artifactUri)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactUri);
        var tracking = WithTrailingSlash(trackingUri);
        if (artifactUri.StartsWith(Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            var rest = artifactUri[(Scheme.Length + 1)..];
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                // mlflow-artifacts://host:port/path: that host, the tracking URI's scheme and path prefix.
                rest = rest[2..];
                var slash = rest.IndexOf('/');
                var authority = slash < 0 ? rest : rest[..slash];
                rest = slash < 0 ? "" : rest[slash..];
                if (authority.Length > 0)
                {
                    tracking = new UriBuilder(tracking) { Host = HostOf(authority), Port = PortOf(authority, tracking) }.Uri;
                }
            }

            return (new Uri(tracking, ProxyPath), Normalize(Uri.UnescapeDataString(rest)));
        }

        if (Uri.TryCreate(artifactUri, UriKind.Absolute, out var http) && (http.Scheme == Uri.UriSchemeHttp || http.Scheme == Uri.UriSchemeHttps))
        {
            var marker = "/" + ProxyPath;
            var raw = http.GetLeftPart(UriPartial.Path);
            var at = raw.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                var endpoint = new Uri(raw[..(at + marker.Length)]);
                return (endpoint, Normalize(Uri.UnescapeDataString(raw[(at + marker.Length)..])));
            }
        }

        throw new NotSupportedException(
            $"Artifact URI '{artifactUri}' is not served through the MLflow artifact proxy: only mlflow-artifacts:/ and " +
            $"http(s)://…/{ProxyPath}/… URIs are supported (start the server with --serve-artifacts).");
    }

    /// <summary>The HTTP URL of one artifact file.</summary>
    public static Uri ToHttp(Uri trackingUri, string artifactUri, string? relativePath = null)
    {
        var (endpoint, path) = Resolve(trackingUri, artifactUri);
        return FileUrl(endpoint, Join(path, relativePath));
    }

    /// <summary>Joins an artifact URI (or path) and a relative path with one '/'; rejects '..' and absolute relative paths.</summary>
    public static string Join(string root, string? relativePath)
    {
        if (string.IsNullOrEmpty(relativePath))
        {
            return root;
        }

        var relative = Normalize(relativePath.Replace('\\', '/'));
        if (relative.Length == 0)
        {
            return root;
        }

        return root.Length == 0 ? relative : root.TrimEnd('/') + "/" + relative;
    }

    internal static Uri FileUrl(Uri endpoint, string path) =>
        new(endpoint.AbsoluteUri.TrimEnd('/') + "/" + string.Join('/', path.Split('/').Select(Uri.EscapeDataString)));

    internal static Uri ListUrl(Uri endpoint, string path) =>
        new(endpoint.AbsoluteUri.TrimEnd('/') + (path.Length == 0 ? "" : "?path=" + Uri.EscapeDataString(path)));

    internal static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    /// <summary>Drops empty and '.' segments; a '..' segment is refused (it would leave the artifact root).</summary>
    private static string Normalize(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Any(s => s == ".."))
        {
            throw new ArgumentException($"Artifact path '{path}' must not contain '..' segments.", nameof(path));
        }

        return string.Join('/', segments);
    }

    private static string HostOf(string authority)
    {
        var colon = authority.LastIndexOf(':');
        return colon > 0 && !authority.EndsWith(']') ? authority[..colon] : authority;
    }

    private static int PortOf(string authority, Uri tracking)
    {
        var colon = authority.LastIndexOf(':');
        return colon > 0 && !authority.EndsWith(']') && int.TryParse(authority[(colon + 1)..], out var port) ? port : tracking.Port;
    }
}
