namespace Bandit.Replay.Simulation;

/// <summary>
/// What the simulated users do: per step, the expected reward of each arm (for regret) and the observed reward of
/// the arm the strategy chose. Implementations are immutable; randomness comes from the <see cref="Random"/> passed in.
/// </summary>
public interface IRewardEnvironment
{
    /// <summary>Short name for tables and file names, e.g. <c>bernoulli 0.05 vs 0.15</c>.</summary>
    string Name { get; }

    int ArmCount { get; }

    /// <summary>The number of arrivals (decisions) in one run.</summary>
    int Horizon { get; }

    /// <summary>The key the hash split hashes for this arrival (the user id on the replay, a fresh key per arrival on synthetic arms).</summary>
    string UserKey(int step);

    /// <summary>The expected reward of <paramref name="arm"/> at <paramref name="step"/> (the realised one when rewards are deterministic).</summary>
    double Mean(int step, int arm);

    /// <summary>The reward observed when <paramref name="arm"/> answers at <paramref name="step"/>; <paramref name="uniform"/> is a U(0,1)
    /// draw shared by every arm at that step (common random numbers, so strategies are compared on the same luck).</summary>
    double Observe(int step, int arm, double uniform);
}

/// <summary>Synthetic Bernoulli arms with fixed click rates; every arrival is a new user.</summary>
public sealed class BernoulliEnvironment(IReadOnlyList<double> rates, int horizon) : IRewardEnvironment
{
    public IReadOnlyList<double> Rates { get; } = rates;

    public string Name => "bernoulli " + string.Join(" vs ", Rates.Select(p => p.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));

    public int ArmCount => Rates.Count;

    public int Horizon { get; } = horizon;

    public string UserKey(int step) => "u" + step.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public double Mean(int step, int arm) => Rates[arm];

    public double Observe(int step, int arm, double uniform) => uniform < Rates[arm] ? 1.0 : 0.0;
}

/// <summary>
/// Full-information rewards: <c>Rewards[step][arm]</c> is what arm would have earned at that arrival (the replay's
/// precomputed table), so the observed reward is deterministic and regret against the best fixed arm is exact.
/// </summary>
public sealed class TableEnvironment(string name, IReadOnlyList<double[]> rewards, IReadOnlyList<string> userKeys) : IRewardEnvironment
{
    public string Name { get; } = name;

    public IReadOnlyList<double[]> Rewards { get; } = rewards;

    public int ArmCount => Rewards.Count == 0 ? 0 : Rewards[0].Length;

    public int Horizon => Rewards.Count;

    public string UserKey(int step) => userKeys[step];

    public double Mean(int step, int arm) => Rewards[step][arm];

    public double Observe(int step, int arm, double uniform) => Rewards[step][arm];
}
