using System.Text.RegularExpressions;

namespace Bandit.TestSupport;

/// <summary>
/// The HTTP surface as docs/DESIGN.md lists it ("## HTTP surface": a table of service, route, notes), read from the
/// markdown so that a test can hold each service's OpenAPI document to it.
/// </summary>
public static partial class DesignHttpSurface
{
    /// <summary>The row of routes every service serves (health, metrics, the OpenAPI document).</summary>
    public const string EveryService = "every service";

    /// <summary>The routes (method, path) the table lists for <paramref name="service"/>.</summary>
    public static IReadOnlySet<(string Method, string Path)> Routes(string service) =>
        Rows().Where(r => r.Service.Equals(service, StringComparison.OrdinalIgnoreCase)).SelectMany(r => r.Routes).ToHashSet();

    /// <summary>The routes the table lists as taking a JSON body (<c>POST /x {…}</c>).</summary>
    public static IReadOnlySet<(string Method, string Path)> RoutesWithBody(string service) =>
        Rows().Where(r => r.Service.Equals(service, StringComparison.OrdinalIgnoreCase)).SelectMany(r => r.WithBody).ToHashSet();

    /// <summary>Where the design is: docs/DESIGN.md of the repository the tests run from.</summary>
    public static string DesignPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "DESIGN.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/DESIGN.md not found above " + AppContext.BaseDirectory);
    }

    private static IEnumerable<(string Service, List<(string, string)> Routes, List<(string, string)> WithBody)> Rows()
    {
        var lines = File.ReadAllLines(DesignPath());
        var start = Array.FindIndex(lines, l => l.StartsWith("## HTTP surface", StringComparison.Ordinal));
        if (start < 0)
        {
            throw new InvalidDataException("DESIGN.md has no '## HTTP surface' section");
        }

        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 4 || !line.TrimStart().StartsWith('|') || cells[1] is "service" || cells[1].StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            var routes = new List<(string, string)>();
            var withBody = new List<(string, string)>();
            foreach (Match code in CodeSpan().Matches(cells[2]))
            {
                if (Route().Match(code.Groups[1].Value) is { Success: true } route)
                {
                    var key = (route.Groups["method"].Value, route.Groups["path"].Value);
                    routes.Add(key);
                    if (route.Groups["body"].Success)
                    {
                        withBody.Add(key);
                    }
                }
            }

            yield return (cells[1], routes, withBody);
        }
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^(?<method>GET|POST|PUT|DELETE|PATCH) (?<path>/[^\s?{]*)(?:\?\S*)?(?<body>\s+\{)?")]
    private static partial Regex Route();
}
