using System.Buffers;
using Bandit.MovieLens.Features;

namespace Bandit.Variants.Serving.Ranking;

// Which candidates need ML.NET's exact sum: the top n by fast sum, and any other whose probability could still tie or
// beat the n-th of those.
public sealed partial class ExactTreeRanker
{
    private List<ScoredMovie> Select(ReadOnlySpan<int> ids, float[] block, ReadOnlySpan<double> sums, int n)
    {
        n = Math.Min(n, ids.Length);
        if (n == 0)
        {
            return [];
        }

        var picked = new List<int>(n + 16);
        var cut = _exact.PlattSlope < 0 ? NthLargest(sums, n) : double.NegativeInfinity; // else: score them all
        for (var i = 0; i < ids.Length; i++)
        {
            if (sums[i] >= cut)
            {
                picked.Add(i);
            }
        }

        var top = Exact(ids, block, picked, n);
        if (picked.Count == ids.Length)
        {
            return top;
        }

        // With a negative slope the probability never falls as the raw score rises, so a candidate can reach the n-th
        // probability only if the float of its largest possible exact sum (fast sum + SumError) reaches `lowest`.
        var lowest = LowestScoreReaching(top[^1].Probability);
        var before = picked.Count;
        for (var i = 0; i < ids.Length; i++)
        {
            if (sums[i] < cut && (float)(sums[i] + SumError) >= lowest)
            {
                picked.Add(i);
            }
        }

        return picked.Count == before ? top : Exact(ids, block, picked, n);
    }

    /// <summary>The top n of the picked rows by their ML.NET probabilities.</summary>
    private List<ScoredMovie> Exact(ReadOnlySpan<int> ids, float[] block, List<int> picked, int n)
    {
        var movies = new int[picked.Count];
        var probabilities = new float[picked.Count];
        for (var j = 0; j < picked.Count; j++)
        {
            movies[j] = ids[picked[j]];
            probabilities[j] = ExactProbability(block, picked[j]);
        }

        return TopScored.Select(movies, probabilities, n);
    }

    /// <summary>
    /// The lowest float raw score whose probability reaches <paramref name="bar"/> (a binary search over the floats
    /// in order), less two floats: <c>Math.Exp</c> is within an ulp, not promised monotonic, so neighbours are kept.
    /// </summary>
    private float LowestScoreReaching(float bar)
    {
        long low = Key(-float.MaxValue), high = Key(float.MaxValue);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (_exact.Probability(FromKey(middle)) >= bar)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return FromKey(Math.Max(Key(-float.MaxValue), low - 2));
    }

    // Floats in order as integers: non-negative floats by their bits, negative ones by minus their magnitude's bits.
    private static long Key(float value)
    {
        var bits = BitConverter.SingleToInt32Bits(value);
        return bits >= 0 ? bits : -(long)(bits & int.MaxValue);
    }

    private static float FromKey(long key) =>
        key >= 0 ? BitConverter.Int32BitsToSingle((int)key) : -BitConverter.Int32BitsToSingle((int)-key);

    /// <summary>The n-th largest value (n ≥ 1): Hoare's selection on a pooled copy, linear on average.</summary>
    private static double NthLargest(ReadOnlySpan<double> values, int n)
    {
        var copy = ArrayPool<double>.Shared.Rent(values.Length);
        try
        {
            var a = copy.AsSpan(0, values.Length);
            values.CopyTo(a);
            int low = 0, high = a.Length - 1, target = n - 1;
            while (low < high)
            {
                var pivot = a[low + ((high - low) / 2)];
                int i = low, j = high;
                while (i <= j)
                {
                    while (a[i] > pivot)
                    {
                        i++;
                    }

                    while (a[j] < pivot)
                    {
                        j--;
                    }

                    if (i <= j)
                    {
                        (a[i], a[j]) = (a[j], a[i]);
                        i++;
                        j--;
                    }
                }

                // Now a[low..j] ≥ pivot ≥ a[i..high], and everything between equals the pivot.
                if (target <= j)
                {
                    high = j;
                }
                else if (target >= i)
                {
                    low = i;
                }
                else
                {
                    break;
                }
            }

            return a[target];
        }
        finally
        {
            ArrayPool<double>.Shared.Return(copy);
        }
    }
}
