using Bandit.Allocation;

namespace Bandit.Replay.Simulation;

/// <summary>What the contextual strategy is shown about the user: the environment's profile context alone, or with the
/// user's own history with each arm (<see cref="UserArmHistory"/>), built from this run's observations only.</summary>
public enum ContextKind
{
    /// <summary>The environment's context (on the replay: <see cref="Bandit.MovieLens.Features.UserContext"/>).</summary>
    Profile,

    /// <summary>The profile followed by log(1 + misses), log(1 + hits) per arm for this user.</summary>
    ProfileAndArmHistory,

    /// <summary>A bias and the user's misses and hits per arm, no profile: what the Router computes from Redis
    /// (<see cref="UserArmHistory.Context"/>).</summary>
    ArmHistory,
}

/// <summary>The contexts of one run: per user key the history of what this run showed them and whether they clicked.</summary>
internal sealed class ContextSource(IRewardEnvironment environment, ContextKind kind)
{
    private readonly Dictionary<string, UserArmHistory> _history = new(StringComparer.Ordinal);

    /// <summary>The context length, 0 when the environment has none.</summary>
    public int Dimension => environment.ContextDimension == 0 ? 0 : kind switch
    {
        ContextKind.Profile => environment.ContextDimension,
        ContextKind.ArmHistory => UserArmHistory.ContextDimension(environment.ArmCount),
        _ => environment.ContextDimension + UserArmHistory.Dimension(environment.ArmCount),
    };

    public double[]? At(int step)
    {
        var profile = environment.Context(step);
        return profile is null || kind == ContextKind.Profile ? profile
            : kind == ContextKind.ArmHistory ? History(environment.UserKey(step)).Context()
            : History(environment.UserKey(step)).Append(profile);
    }

    /// <summary>Records what the user did with the arm shown at <paramref name="step"/>.</summary>
    public void Observe(int step, int arm, double reward)
    {
        if (kind != ContextKind.Profile && environment.ContextDimension > 0)
        {
            History(environment.UserKey(step)).Observe(arm, reward);
        }
    }

    private UserArmHistory History(string user)
    {
        if (!_history.TryGetValue(user, out var history))
        {
            _history[user] = history = new UserArmHistory(environment.ArmCount);
        }

        return history;
    }
}
