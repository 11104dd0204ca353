namespace Bandit.Allocation.AutoPromotion;

/// <summary>The 95% Wilson score interval of a proportion: unlike the normal approximation it stays in [0, 1] and
/// behaves with few trials or a rate near 0. (0, 1) before the first trial.</summary>
public static class Wilson
{
    public static (double Lower, double Upper) Interval(double successes, long trials, double z = 1.96)
    {
        if (trials <= 0)
        {
            return (0, 1);
        }

        var n = (double)trials;
        var p = Math.Clamp(successes / n, 0, 1);
        var denominator = 1 + (z * z / n);
        var centre = (p + (z * z / (2 * n))) / denominator;
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z * z / (4 * n * n))) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
