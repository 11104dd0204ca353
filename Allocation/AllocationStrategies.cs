using System.Diagnostics.CodeAnalysis;
using Bandit.Contracts;

namespace Bandit.Allocation;

/// <summary>The strategies by name. They are stateless, so one shared instance of each serves every caller.</summary>
public static class AllocationStrategies
{
    private static readonly IAllocationStrategy[] _all =
        [
            new HashSplitStrategy(), new ThompsonStrategy(), new Ucb1Strategy(), new EpsilonGreedyStrategy(),
            new DiscountedThompsonStrategy(), new LinearThompsonStrategy(),
        ];

    public static IReadOnlyList<IAllocationStrategy> All => _all;

    /// <summary>The strategy the config names.</summary>
    public static IAllocationStrategy Create(RouterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Get(config.Strategy);
    }

    /// <summary>The strategy with this name (any letter case); <see cref="ArgumentException"/> for an unknown one.</summary>
    public static IAllocationStrategy Get(string name) =>
        TryGet(name, out var strategy)
            ? strategy
            : throw new ArgumentException($"strategy '{name}' is unknown: expected one of {string.Join(", ", StrategyNames.All)}.", nameof(name));

    public static bool TryGet(string? name, [NotNullWhen(true)] out IAllocationStrategy? strategy)
    {
        strategy = StrategyNames.TryNormalize(name, out var canonical) ? _all.First(s => s.Name == canonical) : null;
        return strategy is not null;
    }
}
