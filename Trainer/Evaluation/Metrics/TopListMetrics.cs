namespace Bandit.Trainer.Evaluation.Metrics;

/// <summary>What a scorer's top-k lists look like across users: how much of the catalogue they reach and how alike they are.</summary>
public sealed record TopListResult(int K, int Users, int Slots, int DistinctItems, int CatalogueSize, double MeanOverlap)
{
    /// <summary>Catalogue coverage: distinct recommended items / catalogue size.</summary>
    public double Coverage => CatalogueSize == 0 ? double.NaN : (double)DistinctItems / CatalogueSize;

    /// <summary>Personalisation: 1 − mean pairwise overlap (0 = every user gets the same list).</summary>
    public double Personalisation => 1 - MeanOverlap;

    /// <summary>Under their MLflow keys: <c>coverage_at_10</c>, <c>distinct_items_at_10</c>, <c>mean_overlap_at_10</c>,
    /// <c>personalisation_at_10</c>, <c>top_list_users</c>.</summary>
    public IEnumerable<KeyValuePair<string, double>> Scalars()
    {
        var at = "_at_" + K.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string Key, double Value)[] all =
        [
            ("coverage" + at, Coverage), ("distinct_items" + at, DistinctItems), ("mean_overlap" + at, MeanOverlap),
            ("personalisation" + at, Personalisation), ("top_list_users", Users),
        ];
        return all.Where(m => double.IsFinite(m.Value)).Select(m => KeyValuePair.Create(m.Key, m.Value));
    }
}

/// <summary>
/// Beyond-accuracy measures of top-k lists (one list per user, at most k items each):
/// <list type="bullet">
/// <item>coverage = |∪ lists| / catalogue size, beside the raw count of distinct items in the users × k slots;</item>
/// <item>mean overlap = the mean over unordered pairs of users of |L_u ∩ L_v| / k; personalisation = 1 − mean overlap
/// (Zhou et al. 2010's personalisation is the same quantity with k-normalised Hamming distance). NaN with fewer than two users.</item>
/// </list>
/// </summary>
public static class TopListMetrics
{
    public static TopListResult Compute(IReadOnlyList<IReadOnlyList<int>> lists, int catalogueSize, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var sets = lists.Select(l => l.Count <= k ? l.ToHashSet() : throw new ArgumentException($"a list holds {l.Count} items, more than k = {k}", nameof(lists))).ToArray();
        var distinct = sets.SelectMany(s => s).Distinct().Count();
        double overlapSum = 0;
        long pairs = 0;
        for (var u = 0; u < sets.Length; u++)
        {
            for (var v = u + 1; v < sets.Length; v++)
            {
                var (small, large) = sets[u].Count <= sets[v].Count ? (sets[u], sets[v]) : (sets[v], sets[u]);
                overlapSum += (double)small.Count(large.Contains) / k;
                pairs++;
            }
        }

        return new TopListResult(k, sets.Length, sets.Sum(s => s.Count), distinct, catalogueSize, pairs == 0 ? double.NaN : overlapSum / pairs);
    }
}
