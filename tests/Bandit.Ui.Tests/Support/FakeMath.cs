using MathNet.Numerics.Distributions;

namespace Bandit.Ui.Tests.Support;

/// <summary>The fake Router's posterior numbers: Beta quantiles and P(best) by Monte Carlo with a fixed seed.</summary>
internal static class FakeMath
{
    public static double Quantile(double alpha, double beta, double p) => Beta.InvCDF(alpha, beta, p);

    public static double[] ProbabilityOfBest(IReadOnlyList<(double Alpha, double Beta)> arms, int draws = 4000)
    {
        var random = new Random(7);
        var wins = new double[arms.Count];
        for (var d = 0; d < draws; d++)
        {
            var best = 0;
            var bestValue = double.MinValue;
            for (var i = 0; i < arms.Count; i++)
            {
                var value = Beta.Sample(random, arms[i].Alpha, arms[i].Beta);
                if (value > bestValue)
                {
                    (best, bestValue) = (i, value);
                }
            }

            wins[best]++;
        }

        return [.. wins.Select(w => w / draws)];
    }
}
