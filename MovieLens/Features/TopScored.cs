namespace Bandit.MovieLens.Features;

/// <summary>The k best-scored movies of a candidate list, best first; ties go to the smaller movie id.</summary>
public static class TopScored
{
    // Orders from worst to best: the larger id is "worse" on equal probability.
    private static readonly Comparer<ScoredMovie> WorstFirst = Comparer<ScoredMovie>.Create(static (a, b) =>
    {
        var c = a.Probability.CompareTo(b.Probability);
        return c != 0 ? c : b.MovieId.CompareTo(a.MovieId);
    });

    /// <summary>
    /// A min-heap of the best k so far: O(n log k) for a ~9,700-movie catalogue. A NaN score ranks last.
    /// </summary>
    public static List<ScoredMovie> Select(ReadOnlySpan<int> candidates, ReadOnlySpan<float> probabilities, int k)
    {
        var heap = new PriorityQueue<ScoredMovie, ScoredMovie>(k + 1, WorstFirst);
        for (var i = 0; i < candidates.Length; i++)
        {
            var item = new ScoredMovie(candidates[i], float.IsNaN(probabilities[i]) ? float.NegativeInfinity : probabilities[i]);
            if (heap.Count < k)
            {
                heap.Enqueue(item, item);
            }
            else if (WorstFirst.Compare(item, heap.Peek()) > 0)
            {
                heap.DequeueEnqueue(item, item);
            }
        }

        var top = new List<ScoredMovie>(heap.Count);
        while (heap.Count > 0)
        {
            top.Add(heap.Dequeue());
        }

        top.Reverse();
        return top;
    }
}
