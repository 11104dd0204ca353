using System.Diagnostics.CodeAnalysis;

namespace Bandit.Contracts;

/// <summary>The names of the allocation strategies, as written in <c>router_config.json</c> and <c>PUT /admin/strategy</c>.</summary>
public static class StrategyNames
{
    public const string Hash = "hash";
    public const string Thompson = "thompson";
    public const string Ucb1 = "ucb1";
    public const string EpsilonGreedy = "epsilon_greedy";

    /// <summary>Thompson sampling on posteriors that forget with a half-life (<c>discount_half_life_seconds</c>).</summary>
    public const string DiscountedThompson = "discounted_thompson";

    /// <summary>Linear Thompson sampling over a user context (<c>linear_exploration</c>, <c>linear_ridge</c>).</summary>
    public const string LinearThompson = "linear_thompson";

    /// <summary>Every known name, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } = [Hash, Thompson, Ucb1, EpsilonGreedy, DiscountedThompson, LinearThompson];

    /// <summary>The strategies that need a user context with every decision.</summary>
    public static IReadOnlyList<string> Contextual { get; } = [LinearThompson];

    /// <summary>The strategies that need no context: every one but <see cref="Contextual"/>.</summary>
    public static IReadOnlyList<string> NonContextual { get; } = [.. All.Except(Contextual)];

    public static bool IsContextual(string? name) => TryNormalize(name, out var canonical) && Contextual.Contains(canonical);

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
