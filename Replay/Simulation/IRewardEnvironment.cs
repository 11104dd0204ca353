namespace Bandit.Replay.Simulation;

/// <summary>
/// What the simulated users do: per step, the expected reward of each arm (for regret) and the observed reward of
/// the arm the strategy chose, and optionally the user's context. Implementations are immutable; randomness comes
/// from the <see cref="Random"/> passed in.
/// </summary>
public interface IRewardEnvironment
{
    /// <summary>Short name for tables and file names, e.g. <c>bernoulli 0.05 vs 0.15</c>.</summary>
    string Name { get; }

    /// <summary>The arms' names, in arm order (as in the router config).</summary>
    IReadOnlyList<string> ArmNames { get; }

    int ArmCount => ArmNames.Count;

    /// <summary>The number of arrivals (decisions) in one run.</summary>
    int Horizon { get; }

    /// <summary>The length of <see cref="Context"/>'s vectors; 0 when the environment has no context (then the contextual
    /// strategy cannot run on it).</summary>
    int ContextDimension => 0;

    /// <summary>The key the hash split hashes for this arrival (the user id on the replay, a fresh key per arrival on synthetic arms).</summary>
    string UserKey(int step);

    /// <summary>The user's context vector at <paramref name="step"/>, or null when the environment has none.</summary>
    double[]? Context(int step) => null;

    /// <summary>The expected reward of <paramref name="arm"/> at <paramref name="step"/> (the realised one when rewards are deterministic).</summary>
    double Mean(int step, int arm);

    /// <summary>The arm to count as "best" at <paramref name="step"/> in the share-over-time series: the best fixed arm
    /// (<paramref name="bestFixed"/>) unless the environment changes which arm is best.</summary>
    int BestArmAt(int step, int bestFixed) => bestFixed;

    /// <summary>The reward observed when <paramref name="arm"/> answers at <paramref name="step"/>; <paramref name="uniform"/> is a U(0,1)
    /// draw shared by every arm at that step (common random numbers, so strategies are compared on the same luck).</summary>
    double Observe(int step, int arm, double uniform);
}

/// <summary>Arm names for synthetic environments: A, B, C, … (then A2, B2, … past Z).</summary>
public static class SyntheticArmNames
{
    public static IReadOnlyList<string> For(int count) =>
        [.. Enumerable.Range(0, count).Select(i => ((char)('A' + (i % 26))).ToString() + (i >= 26 ? (1 + (i / 26)).ToString(System.Globalization.CultureInfo.InvariantCulture) : ""))];
}

/// <summary>Synthetic Bernoulli arms with fixed click rates; every arrival is a new user.</summary>
public sealed class BernoulliEnvironment(IReadOnlyList<double> rates, int horizon) : IRewardEnvironment
{
    public IReadOnlyList<double> Rates { get; } = rates;

    public string Name => "bernoulli " + string.Join(" vs ", Rates.Select(p => p.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));

    public IReadOnlyList<string> ArmNames { get; } = SyntheticArmNames.For(rates.Count);

    public int Horizon { get; } = horizon;

    public string UserKey(int step) => "u" + step.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public double Mean(int step, int arm) => Rates[arm];

    public double Observe(int step, int arm, double uniform) => uniform < Rates[arm] ? 1.0 : 0.0;
}

/// <summary>
/// Full-information rewards: <c>Rewards[step][arm]</c> is what arm would have earned at that arrival (the replay's
/// precomputed table), so the observed reward is deterministic and regret against the best fixed arm is exact.
/// <paramref name="contexts"/>, when given, is the user's context at each arrival.
/// </summary>
public sealed class TableEnvironment(string name, IReadOnlyList<string> armNames, IReadOnlyList<double[]> rewards, IReadOnlyList<string> userKeys,
    IReadOnlyList<double[]>? contexts = null) : IRewardEnvironment
{
    public string Name { get; } = name;

    public IReadOnlyList<string> ArmNames { get; } = armNames;

    public IReadOnlyList<double[]> Rewards { get; } = rewards;

    public int Horizon => Rewards.Count;

    public int ContextDimension { get; } = contexts is { Count: > 0 } ? contexts[0].Length : 0;

    public string UserKey(int step) => userKeys[step];

    public double[]? Context(int step) => contexts?[step];

    public double Mean(int step, int arm) => Rewards[step][arm];

    public double Observe(int step, int arm, double uniform) => Rewards[step][arm];
}
