using Bandit.Trainer.Evaluation.Metrics;

namespace Bandit.Trainer.Tests.Metrics;

public sealed class LiftAndBootstrapTests
{
    [Fact]
    public void ByDecile_TwentyRows_TwoPerDecileWithLiftAndGain()
    {
        // Scores 20 … 1; the top 4 rows are clicks (base rate 4/20 = 0.2). Deciles 1 and 2 hold 2 clicks each:
        // rate 1, lift 1 / 0.2 = 5; gain reaches 0.5 after decile 1 and 1 after decile 2.
        var scores = Enumerable.Range(1, 20).Select(i => (float)(21 - i)).ToArray();
        var labels = Enumerable.Range(0, 20).Select(i => i < 4).ToArray();

        var table = LiftTable.ByDecile(scores, labels);

        Assert.Equal(10, table.Count);
        Assert.All(table, d => Assert.Equal(2, d.Count));
        Assert.Equal(5, table[0].Lift, 12);
        Assert.Equal(0.5, table[0].CumulativeGain, 12);
        Assert.Equal(1, table[1].CumulativeGain, 12);
        Assert.Equal(0, table[2].Lift, 12);
        Assert.Equal(1, table[9].CumulativeGain, 12);
    }

    [Fact]
    public void ByDecile_UnevenCount_SizesDifferByAtMostOne()
    {
        var table = LiftTable.ByDecile(new float[23], new bool[23]);

        Assert.Equal(23, table.Sum(d => d.Count));
        Assert.InRange(table.Max(d => d.Count) - table.Min(d => d.Count), 0, 1);
    }

    [Fact]
    public void AucDifference_IdenticalModels_HasZeroDeltaAndZeroWidth()
    {
        var (labels, a, _) = Synthetic(500, 1);

        var d = PairedBootstrap.AucDifference(labels, a, a, resamples: 200, seed: 3);

        Assert.Equal(0, d.Delta, 12);
        Assert.Equal(0, d.Lower, 12);
        Assert.Equal(0, d.Upper, 12);
        Assert.False(d.BBetter || d.ABetter);
    }

    [Fact]
    public void AucDifference_BetterModelB_IntervalAboveZeroAndContainsDelta()
    {
        // B sees the label with noise sd 0.5, A with sd 2: the AUCs are about 0.92 and 0.64, a gap of ~0.28
        // whose bootstrap SE at n = 2000 is ~0.015, so the 95% interval lies far above 0.
        var (labels, a, b) = Synthetic(2000, 7);

        var d = PairedBootstrap.AucDifference(labels, a, b, resamples: 300, seed: 11);

        Assert.True(d.BBetter);
        Assert.InRange(d.Delta, d.Lower, d.Upper);
        Assert.InRange(d.Upper - d.Lower, 0.01, 0.15);
    }

    [Fact]
    public void AucDifference_SameSeed_IsReproducible()
    {
        var (labels, a, b) = Synthetic(300, 5);

        var first = PairedBootstrap.AucDifference(labels, a, b, resamples: 100, seed: 42);
        var second = PairedBootstrap.AucDifference(labels, a, b, resamples: 100, seed: 42);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Quantile_LinearInterpolation_MatchesType7()
    {
        double[] sorted = [1, 2, 3, 4];

        // position 0.25 · 3 = 0.75 → 1 + 0.75 · (2 − 1)
        Assert.Equal(1.75, PairedBootstrap.Quantile(sorted, 0.25), 12);
        Assert.Equal(4, PairedBootstrap.Quantile(sorted, 1), 12);
    }

    [Fact]
    public void Line_IntervalAboveZero_NamesPolicyB()
    {
        var line = Verdict.Line(new AucDifference(0.031, 0.024, 0.038, 1000, 0.95));

        Assert.Equal("Policy B beats Policy A: ΔAUC = +0.031 [0.024, 0.038] (95% paired bootstrap, 1000 resamples)", line);
    }

    [Fact]
    public void Line_IntervalAcrossZero_NamesNoWinner()
    {
        var line = Verdict.Line(new AucDifference(0.002, -0.001, 0.005, 1000, 0.95));

        Assert.StartsWith("No significant difference between Policy A and Policy B: ΔAUC(B − A) = +0.002 [-0.001, 0.005]", line);
    }

    [Fact]
    public void Line_OtherPairIntervalBelowZero_NamesTheFirstPolicy()
    {
        var line = Verdict.Line(new AucDifference(-0.013, -0.015, -0.010, 100, 0.95), "Policy B", "Policy C");

        Assert.Equal("Policy B beats Policy C: ΔAUC(C − B) = -0.013 [-0.015, -0.010] (95% paired bootstrap, 100 resamples)", line);
    }

    [Fact]
    public void MeanStd_HandCase_UsesSampleStd()
    {
        // mean 2, squared deviations 1 + 0 + 1 = 2, / (3 − 1) = 1 → std 1
        var s = MeanStd.Of([1.0, 2.0, 3.0]);

        Assert.Equal(2, s.Mean, 12);
        Assert.Equal(1, s.Std, 12);
    }

    private static (bool[] Labels, float[] A, float[] B) Synthetic(int n, int seed)
    {
        var random = new Random(seed);
        var labels = new bool[n];
        var a = new float[n];
        var b = new float[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = random.NextDouble() < 0.4;
            var signal = labels[i] ? 1.0 : 0.0;
            a[i] = (float)(signal + 2.0 * Gaussian(random));
            b[i] = (float)(signal + 0.5 * Gaussian(random));
        }

        return (labels, a, b);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
