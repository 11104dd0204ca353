using System.Globalization;

namespace Bandit.Replay.Simulation;

/// <summary>
/// Synthetic Bernoulli arms whose rates change at given steps: <paramref name="phases"/> lists (first step, rates),
/// the first starting at 0. With the rates swapped halfway, no arm is better over the whole horizon: a strategy
/// must follow the change. Every arrival is a new user.
/// </summary>
public sealed class DriftingEnvironment : IRewardEnvironment
{
    private readonly (int From, double[] Rates)[] _phases;

    public DriftingEnvironment(IReadOnlyList<(int From, double[] Rates)> phases, int horizon)
    {
        if (phases.Count == 0 || phases[0].From != 0 || phases.Any(p => p.Rates.Length != phases[0].Rates.Length)
            || phases.Zip(phases.Skip(1)).Any(p => p.Second.From <= p.First.From))
        {
            throw new ArgumentException("phases start at step 0, in increasing order, with the same number of arms.", nameof(phases));
        }

        _phases = [.. phases];
        Horizon = horizon;
        ArmNames = SyntheticArmNames.For(phases[0].Rates.Length);
    }

    /// <summary>Two arms at <paramref name="low"/> and <paramref name="high"/>, swapped at step T/2.</summary>
    public static DriftingEnvironment Swap(double low, double high, int horizon) =>
        new([(0, [low, high]), (horizon / 2, [high, low])], horizon);

    public string Name => "drifting " + string.Join(" → ", _phases.Select(p => string.Join("/", p.Rates.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))))
        + (_phases.Length == 2 ? $" at {_phases[1].From:N0}" : "");

    public IReadOnlyList<string> ArmNames { get; }

    public int Horizon { get; }

    public string UserKey(int step) => "u" + step.ToString(CultureInfo.InvariantCulture);

    public double Mean(int step, int arm) => RatesAt(step)[arm];

    /// <summary>The arm with the highest rate in the phase <paramref name="step"/> falls in.</summary>
    public int BestArmAt(int step, int bestFixed)
    {
        var rates = RatesAt(step);
        return Array.IndexOf(rates, rates.Max());
    }

    public double Observe(int step, int arm, double uniform) => uniform < RatesAt(step)[arm] ? 1.0 : 0.0;

    private double[] RatesAt(int step)
    {
        var rates = _phases[0].Rates;
        foreach (var (from, r) in _phases)
        {
            if (step >= from)
            {
                rates = r;
            }
        }

        return rates;
    }
}
