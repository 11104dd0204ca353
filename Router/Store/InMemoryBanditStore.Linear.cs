using Bandit.Allocation;

namespace Bandit.Router.Store;

/// <summary>The contextual strategy's state in this process (<see cref="ILinearBanditStore"/>), under each experiment's lock.</summary>
public sealed partial class InMemoryBanditStore : ILinearBanditStore
{
    public Task<UserArmHistory> GetUserHistoryAsync(string experiment, string userKey, IReadOnlyList<string> arms, CancellationToken cancellationToken = default)
    {
        var state = State(experiment);
        lock (state.Gate)
        {
            long Count(string field) => state.Users.TryGetValue(userKey, out var counts) ? counts.GetValueOrDefault(field) : 0;
            return Task.FromResult(UserArmHistory.ContextFrom([.. arms.Select(a => Count("m:" + a))], [.. arms.Select(a => Count("h:" + a))]));
        }
    }

    public Task<IReadOnlyList<LinearArmStats>> GetLinearStatsAsync(string experiment, IReadOnlyList<string> arms, int dimension, CancellationToken cancellationToken = default)
    {
        var state = State(experiment);
        lock (state.Gate)
        {
            // A copy: the store keeps adding to its own. Statistics of another dimension (another context) read as empty, as on Redis.
            return Task.FromResult<IReadOnlyList<LinearArmStats>>([.. arms.Select(a =>
                state.Linear.TryGetValue(a, out var stats) && stats.Dimension == dimension ? stats.Clone() : new LinearArmStats(dimension))]);
        }
    }

    private sealed partial class ExperimentState
    {
        public readonly Dictionary<string, LinearArmStats> Linear = new(StringComparer.Ordinal);
        public readonly Dictionary<string, Dictionary<string, long>> Users = new(StringComparer.Ordinal);

        /// <summary>A contextual decision's reward: its context into the arm's statistics, a hit or miss into the user's history.</summary>
        public void AddContextual(string arm, string userKey, double[] x, double reward)
        {
            if (!Linear.TryGetValue(arm, out var stats) || stats.Dimension != x.Length)
            {
                Linear[arm] = stats = new LinearArmStats(x.Length);
            }

            stats.Add(x, reward);
            if (!Users.TryGetValue(userKey, out var counts))
            {
                Users[userKey] = counts = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            var field = (reward > 0 ? "h:" : "m:") + arm;
            counts[field] = counts.GetValueOrDefault(field) + 1;
        }
    }
}
