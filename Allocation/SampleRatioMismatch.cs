using MathNet.Numerics;

namespace Bandit.Allocation;

/// <summary>The result of a sample-ratio check: per arm the observed pulls and the expected count (the sum over every
/// decision of the arm's probability, <see cref="IAllocationStrategy.ArmProbabilities"/>), Pearson's χ² with K−1 degrees of freedom, its p-value and the alarm.</summary>
public sealed record SrmResult(IReadOnlyList<double> Observed, IReadOnlyList<double> Expected, double ChiSquared, int DegreesOfFreedom, double PValue, bool Sufficient = true)
{
    /// <summary>
    /// True when the sample is large enough (<see cref="Sufficient"/>) and the split is implausible at
    /// p &lt; <see cref="SampleRatioMismatch.Threshold"/>.
    /// </summary>
    public bool Srm => Sufficient && PValue < SampleRatioMismatch.Threshold;
}

/// <summary>
/// Sample-ratio mismatch: a χ² goodness-of-fit test of the observed pulls per arm against what the logged
/// propensities promise: arm k's expected count is Σ_t π_t(k) over every decision t (the logged propensity is the
/// chosen arm's entry of π_t); for a hash split with shares s_k that is n·s_k. The threshold p &lt; 0.001 is the one GrowthBook and Microsoft's ExP use: SRM checks
/// run on every refresh, so a loose threshold would cry wolf.
/// </summary>
public static class SampleRatioMismatch
{
    public const double Threshold = 0.001;

    /// <summary>
    /// No alarm below this many observed pulls over the testable arms: at 100 decisions a 2-arm split would have to
    /// be off by ≥ 16.5 percentage points to reach p &lt; 0.001, so a flag on fewer means little, and the χ²
    /// approximation also wants every expected count ≥ <see cref="MinimumExpectedPerArm"/> (Cochran's rule).
    /// </summary>
    public const double MinimumPulls = 100;

    /// <summary>The smallest expected count per testable arm for the χ² approximation to hold (Cochran's rule of 5).</summary>
    public const double MinimumExpectedPerArm = 5;

    /// <summary>Checks any number of arms; arms with zero expected count are left out (they cannot be tested, and a
    /// zero cell would divide by zero). Fewer than two testable arms gives p = 1.</summary>
    public static SrmResult Check(IReadOnlyList<double> observed, IReadOnlyList<double> expected)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(observed.Count, expected.Count, nameof(expected));
        var testable = Enumerable.Range(0, observed.Count).Where(i => expected[i] > 0).ToArray();
        var df = testable.Length - 1;
        if (df < 1)
        {
            return new SrmResult(observed, expected, 0, 0, 1);
        }

        // Rescale the expected counts to the observed total: propensity sums and pull counts are recorded separately,
        // so they may differ by the decisions in flight; the test is about the ratio, not the total.
        var observedTotal = testable.Sum(i => observed[i]);
        var expectedTotal = testable.Sum(i => expected[i]);
        if (observedTotal <= 0)
        {
            return new SrmResult(observed, expected, 0, df, 1, Sufficient: false);
        }

        var chi = testable.Sum(i =>
        {
            var e = expected[i] * observedTotal / expectedTotal;
            return (observed[i] - e) * (observed[i] - e) / e;
        });
        var sufficient = observedTotal >= MinimumPulls && testable.All(i => expected[i] * observedTotal / expectedTotal >= MinimumExpectedPerArm);
        // The upper regularised gamma Q(df/2, χ²/2) is the χ² survival function without the cancellation of 1 − CDF.
        return new SrmResult(observed, expected, chi, df, SpecialFunctions.GammaUpperRegularized(df / 2.0, chi / 2.0), sufficient);
    }
}
