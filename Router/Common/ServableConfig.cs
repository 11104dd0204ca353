using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Router.Common;

/// <summary>
/// Which configs this Router can run: every valid config (<see cref="RouterConfig.Validate"/>). The contextual strategy
/// (<see cref="StrategyNames.Contextual"/>) runs too: its user context comes from <c>Choosing/UserContexts</c> and its
/// linear statistics from the store (<c>Store/ILinearBanditStore</c>).
/// </summary>
public static class ServableConfig
{
    /// <summary>Every reason this Router cannot run <paramref name="config"/>; empty when it can.</summary>
    public static IReadOnlyList<string> Errors(RouterConfig config) => config.Validate();
}
