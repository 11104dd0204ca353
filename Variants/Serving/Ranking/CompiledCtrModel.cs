namespace Bandit.Variants.Serving.Ranking;

/// <summary>
/// A CTR model reduced to plain arrays so that a whole catalogue is scored in a tight loop over one feature block,
/// without ML.NET's per-row cursor machinery: the raw score, then ML.NET's Platt calibration
/// <c>p = 1 / (1 + exp(slope · score + offset))</c>. Built by <see cref="CtrModelCompiler"/>, which checks it
/// against ML.NET before it is used.
/// </summary>
public abstract class CompiledCtrModel(double plattSlope, double plattOffset)
{
    public abstract string Engine { get; }

    /// <summary>The Platt slope: below zero, a higher raw score never gives a lower probability.</summary>
    public double PlattSlope => plattSlope;

    /// <summary>ML.NET's calibrated probability of a raw score, to the bit (<c>PlattCalibrator.PredictProbability</c>).</summary>
    public float Probability(float score) =>
        float.IsNaN(score) ? score : (float)(1 / (1 + Math.Exp((plattSlope * score) + plattOffset)));

    /// <summary>Writes the click probability of each row of <paramref name="block"/> (row-major, <paramref name="width"/>
    /// floats per row: one user against the candidates) into <paramref name="probabilities"/>;
    /// <paramref name="positions"/> are the candidates' positions in the catalogue (<see cref="Bandit.MovieLens.Features.FeatureState.CatalogueIds"/>).</summary>
    public void Score(ReadOnlySpan<float> block, int width, ReadOnlySpan<int> positions, Span<float> probabilities)
    {
        RawScores(block, width, positions, probabilities);
        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = Probability(probabilities[i]);
        }
    }

    /// <summary>The uncalibrated score of each row, as the ML.NET predictor computes it (a float).</summary>
    protected abstract void RawScores(ReadOnlySpan<float> block, int width, ReadOnlySpan<int> positions, Span<float> scores);
}

/// <summary>Affine normalisation folded into a linear model: <c>score = bias + Σ wᵢ · (xᵢ − offsetᵢ) · scaleᵢ</c>.</summary>
public sealed class LinearCtrModel(float[] weights, float bias, double plattSlope, double plattOffset) : CompiledCtrModel(plattSlope, plattOffset)
{
    public const string EngineName = "compiled-linear";

    public override string Engine => EngineName;

    protected override void RawScores(ReadOnlySpan<float> block, int width, ReadOnlySpan<int> positions, Span<float> scores)
    {
        var w = weights.AsSpan(0, width);
        for (var row = 0; row < scores.Length; row++)
        {
            var x = block.Slice(row * width, width);
            var sum = 0f;
            for (var j = 0; j < w.Length; j++)
            {
                sum += w[j] * x[j];
            }

            scores[row] = bias + sum;
        }
    }
}
