using System.Diagnostics.CodeAnalysis;

namespace Bandit.Allocation;

/// <summary>The names of the allocation strategies, as written in <c>router_config.json</c> and <c>PUT /admin/strategy</c>.</summary>
public static class StrategyNames
{
    public const string Hash = "hash";
    public const string Thompson = "thompson";
    public const string Ucb1 = "ucb1";
    public const string EpsilonGreedy = "epsilon_greedy";

    /// <summary>Every known name, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } = [Hash, Thompson, Ucb1, EpsilonGreedy];

    /// <summary>Maps a name in any letter case to its canonical constant.</summary>
    public static bool TryNormalize(string? name, [NotNullWhen(true)] out string? canonical)
    {
        foreach (var known in All)
        {
            if (string.Equals(known, name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                canonical = known;
                return true;
            }
        }

        canonical = null;
        return false;
    }
}
