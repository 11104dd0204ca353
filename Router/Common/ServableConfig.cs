using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Router.Common;

/// <summary>
/// Which configs this Router can run: a valid config (<see cref="RouterConfig.Validate"/>) whose strategy needs no user
/// context. The contextual strategy (<see cref="StrategyNames.Contextual"/>) runs in the replay; the Router does not
/// compute user contexts yet, so such a config is refused with a reason instead of failing every <c>/choose</c>.
/// </summary>
public static class ServableConfig
{
    /// <summary>Every reason this Router cannot run <paramref name="config"/>; empty when it can.</summary>
    public static IReadOnlyList<string> Errors(RouterConfig config)
    {
        var errors = config.Validate().ToList();
        if (StrategyNames.IsContextual(config.Strategy))
        {
            errors.Add($"strategy '{config.Strategy}' needs a user context per request, which this Router does not compute yet " +
                       $"(evaluate it with the replay); the Router runs {string.Join(", ", StrategyNames.NonContextual)}.");
        }

        return errors;
    }
}
