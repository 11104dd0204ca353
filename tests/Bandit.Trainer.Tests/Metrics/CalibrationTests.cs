using Bandit.Trainer.Evaluation.Metrics;

namespace Bandit.Trainer.Tests.Metrics;

public sealed class CalibrationTests
{
    [Fact]
    public void Reliability_HandCase_ComputesBinsAndEce()
    {
        // Bin [0.1, 0.2): p = 0.15, 0.15, labels 0, 1 → mean 0.15, observed 0.5, gap 0.35.
        // Bin [0.9, 1.0]: p = 0.95, 0.95, labels 1, 1 → mean 0.95, observed 1.0, gap 0.05.
        // ECE = 2/4 · 0.35 + 2/4 · 0.05 = 0.2
        float[] p = [0.15f, 0.15f, 0.95f, 0.95f];
        bool[] labels = [false, true, true, true];

        var result = Calibration.Reliability(p, labels);

        Assert.Equal(10, result.Bins.Count);
        Assert.Equal(2, result.Bins[1].Count);
        Assert.Equal(0.15, result.Bins[1].MeanPredicted, 6);
        Assert.Equal(0.5, result.Bins[1].ObservedRate, 12);
        Assert.Equal(2, result.Bins[9].Count);
        Assert.Equal(0.2, result.Ece, 6);
    }

    [Fact]
    public void Reliability_PerfectlyCalibratedBins_HaveZeroEce()
    {
        // Bin [0.2, 0.3): five predictions of 0.2 with one click (rate 0.2); bin [0.5, 0.6): two of 0.5, one click.
        float[] p = [0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0.5f, 0.5f];
        bool[] labels = [true, false, false, false, false, true, false];

        var result = Calibration.Reliability(p, labels);

        Assert.Equal(0, result.Ece, 6);
    }

    [Fact]
    public void Reliability_ProbabilityOne_FallsInLastBin()
    {
        var result = Calibration.Reliability([1f, 0f], [true, false]);

        Assert.Equal(1, result.Bins[9].Count);
        Assert.Equal(1, result.Bins[0].Count);
        Assert.Equal(0, result.Ece, 12);
    }

    [Fact]
    public void Reliability_EmptyBins_ReportNaNAndWeighNothing()
    {
        var result = Calibration.Reliability([0.55f], [true]);

        Assert.True(double.IsNaN(result.Bins[0].MeanPredicted));
        Assert.Equal(0, result.Bins[0].Count);
        Assert.Equal(0.45, result.Ece, 6);
    }
}
