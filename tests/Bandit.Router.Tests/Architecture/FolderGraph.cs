using System.Text.RegularExpressions;

namespace Bandit.Router.Tests.Architecture;

/// <summary>
/// The Router's folders as a graph: a folder (the first namespace segment under <c>Bandit.Router</c>) points at every
/// other folder one of its files names in a <c>using Bandit.Router.X</c> line or a qualified <c>Bandit.Router.X.</c>.
/// </summary>
internal static partial class FolderGraph
{
    public static Dictionary<string, SortedSet<string>> Build(IEnumerable<(string Folder, string Source)> files)
    {
        var graph = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (folder, source) in files)
        {
            var edges = graph.TryGetValue(folder, out var e) ? e : graph[folder] = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Match m in Reference().Matches(source))
            {
                var target = m.Groups[1].Value;
                if (target != folder && target != "Tests")
                {
                    edges.Add(target);
                }
            }
        }

        return graph;
    }

    /// <summary>One cycle as a path (first folder repeated at the end), or null when the graph is acyclic.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyDictionary<string, SortedSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the current path, 2 = done
        var path = new List<string>();
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        List<string>? Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 2)
            {
                return null;
            }

            if (state.GetValueOrDefault(node) == 1)
            {
                return [.. path.Skip(path.IndexOf(node)), node];
            }

            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    [GeneratedRegex(@"\bBandit\.Router\.([A-Za-z]\w*)\b(?=[.;])")]
    private static partial Regex Reference();
}
