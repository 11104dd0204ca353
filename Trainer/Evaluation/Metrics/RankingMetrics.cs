namespace Bandit.Trainer.Evaluation.Metrics;

/// <summary>Per-user ranking quality averaged over the users it is defined for.</summary>
public sealed record RankingResult(int K, double Ndcg, double Precision, int Users);

/// <summary>
/// Ranking metrics over each user's own test rows (the protocol, also in Trainer/README.md):
/// <list type="bullet">
/// <item>a user's test rows are ranked by score, highest first; equal scores rank pessimistically (non-clicks
/// first), so a constant scorer earns nothing from luck;</item>
/// <item>relevance is binary (click = rating ≥ 4); DCG@k = Σ_{i ≤ k} rel_i / log₂(i + 1) with i the 1-based rank;
/// NDCG@k = DCG@k / ideal DCG@k;</item>
/// <item>precision@k = clicks in the top min(k, n) / min(k, n), n the user's test rows, so a user with fewer than k
/// test rows is not penalised for rows that do not exist;</item>
/// <item>both are averaged, unweighted, over users with at least one click in their test rows (NDCG is undefined
/// for the others).</item>
/// </list>
/// </summary>
public static class RankingMetrics
{
    public const int DefaultK = 10;

    public static RankingResult Evaluate(ReadOnlySpan<int> userIds, ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels, int k = DefaultK)
    {
        BinaryMetrics.CheckLengths(scores, labels);
        if (userIds.Length != scores.Length)
        {
            throw new ArgumentException($"{userIds.Length} user ids but {scores.Length} scores");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var rowsByUser = new Dictionary<int, List<int>>();
        for (var i = 0; i < userIds.Length; i++)
        {
            if (!rowsByUser.TryGetValue(userIds[i], out var rows))
            {
                rowsByUser[userIds[i]] = rows = [];
            }

            rows.Add(i);
        }

        var keys = scores.ToArray();
        var relevant = labels.ToArray();
        double ndcgSum = 0, precisionSum = 0;
        var users = 0;
        foreach (var rows in rowsByUser.Values)
        {
            var clicks = rows.Count(r => relevant[r]);
            if (clicks == 0)
            {
                continue;
            }

            rows.Sort((a, b) =>
            {
                var c = keys[b].CompareTo(keys[a]);
                return c != 0 ? c : relevant[a].CompareTo(relevant[b]); // false before true: pessimistic ties
            });

            var depth = Math.Min(k, rows.Count);
            double dcg = 0, ideal = 0;
            var hits = 0;
            for (var i = 0; i < depth; i++)
            {
                var discount = 1 / Math.Log2(i + 2);
                if (relevant[rows[i]])
                {
                    dcg += discount;
                    hits++;
                }

                if (i < clicks)
                {
                    ideal += discount;
                }
            }

            ndcgSum += dcg / ideal;
            precisionSum += (double)hits / depth;
            users++;
        }

        return users == 0
            ? new RankingResult(k, double.NaN, double.NaN, 0)
            : new RankingResult(k, ndcgSum / users, precisionSum / users, users);
    }
}
