using System.Globalization;

namespace Bandit.TestSupport;

/// <summary>One line of <c>CLUSTER NODES</c>: a node's id, port, role, health, master (for a replica) and slot ranges.</summary>
public sealed record ClusterNodeInfo(string Id, int Port, bool IsMaster, bool Failed, string? MasterId, IReadOnlyList<(int From, int To)> Slots)
{
    public bool Serves(int slot) => Slots.Any(r => r.From <= slot && slot <= r.To);
}

/// <summary>Reads what the admin commands of a cluster node answer (<c>CLUSTER NODES</c>, <c>CLUSTER INFO</c>, <c>INFO</c>).</summary>
public static class ClusterTopology
{
    /// <summary>
    /// Parses <c>CLUSTER NODES</c>: <c>&lt;id&gt; &lt;ip:port@bus&gt; &lt;flags&gt; &lt;master&gt; &lt;ping&gt; &lt;pong&gt; &lt;epoch&gt; &lt;link&gt; &lt;slot&gt;…</c>
    /// (slots as <c>n</c> or <c>a-b</c>; entries in brackets are slots being migrated and are skipped).
    /// </summary>
    public static IReadOnlyList<ClusterNodeInfo> ParseNodes(string text) =>
    [
        .. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line =>
        {
            var f = line.Split(' ');
            var address = f[1].Split('@')[0];
            var port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            var flags = f[2].Split(',');
            var slots = f.Skip(8).Where(s => !s.StartsWith('[')).Select(s =>
            {
                var dash = s.IndexOf('-');
                return dash < 0
                    ? (int.Parse(s, CultureInfo.InvariantCulture), int.Parse(s, CultureInfo.InvariantCulture))
                    : (int.Parse(s[..dash], CultureInfo.InvariantCulture), int.Parse(s[(dash + 1)..], CultureInfo.InvariantCulture));
            }).ToArray();
            var failed = flags.Contains("fail") || flags.Contains("fail?") || flags.Contains("noaddr") || f[7] != "connected" && !flags.Contains("myself");
            return new ClusterNodeInfo(f[0], port, flags.Contains("master"), failed, f[3] == "-" ? null : f[3], slots);
        }),
    ];

    /// <summary>The masters serving slots, as "port:from-to …" sorted: equal on two nodes when they agree on who serves what.</summary>
    public static string SlotMap(IEnumerable<ClusterNodeInfo> nodes) => string.Join(' ', nodes
        .Where(n => n.IsMaster && n.Slots.Count > 0)
        .SelectMany(n => n.Slots.Select(s => (n.Port, s.From, s.To)))
        .OrderBy(s => s.From)
        .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Port}:{s.From}-{s.To}")));

    /// <summary>A field of an INFO-style answer (<c>name:value</c> lines), or null when absent.</summary>
    public static string? Field(string info, string name) => info
        .Split('\n', StringSplitOptions.TrimEntries)
        .Where(l => l.StartsWith(name + ":", StringComparison.Ordinal))
        .Select(l => l[(name.Length + 1)..])
        .FirstOrDefault();
}
