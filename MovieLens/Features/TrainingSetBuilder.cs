namespace Bandit.MovieLens.Features;

/// <summary>One labelled row: the features of (user, movie) and whether the rating was a click.</summary>
public sealed record CtrExample(int UserId, int MovieId, long Timestamp, bool Label, float[] Features);

/// <summary>Featurized train and test rows of a split, with the full-train <see cref="FeatureState"/> that serves.</summary>
public sealed record CtrDataSet(FeatureState State, IReadOnlyList<CtrExample> Train, IReadOnlyList<CtrExample> Test);

/// <summary>
/// Builds leakage-free examples. Test (and serving) rows are featurized with the state of the whole training
/// window. Training rows are featurized out-of-fold: the rows are dealt into k folds by a seeded hash, and the
/// target statistics (user and item positive rates, genre affinity) of a row in fold f come from a state built
/// on the other k - 1 folds, so a row's own label never enters its own features (an in-sample or leave-one-out
/// encoding would let a tree model learn the leak). Count-type features (activity, popularity, cold-start flags)
/// use the whole training window: they do not depend on labels.
/// </summary>
public static class TrainingSetBuilder
{
    public const int DefaultFolds = 5;
    public const int DefaultSeed = 12345;

    /// <summary>Out-of-fold examples for <paramref name="train"/>, in input order.</summary>
    public static IReadOnlyList<CtrExample> Build(IReadOnlyList<Rating> train, IReadOnlyDictionary<int, Movie> movies, int folds = DefaultFolds, int seed = DefaultSeed) =>
        BuildOutOfFold(train, movies, FeatureState.Build(train, movies), folds, seed);

    /// <summary>Out-of-fold training examples, test examples from the full-train state, and that state.</summary>
    public static CtrDataSet Build(DataSplit split, IReadOnlyDictionary<int, Movie> movies, int folds = DefaultFolds, int seed = DefaultSeed)
    {
        var state = FeatureState.Build(split.Train, movies);
        return new CtrDataSet(state, BuildOutOfFold(split.Train, movies, state, folds, seed), Featurize(split.Test, state));
    }

    /// <summary>Rows featurized with one state, as a variant serves them (for test windows and replays).</summary>
    public static IReadOnlyList<CtrExample> Featurize(IEnumerable<Rating> rows, FeatureState state) =>
        [.. rows.Select(r => new CtrExample(r.UserId, r.MovieId, r.Timestamp, r.IsClick(), state.Featurize(r.UserId, r.MovieId)))];

    /// <summary>The fold (0 … folds - 1) of a rating: a seeded hash of (user, movie, timestamp), so stable across runs.</summary>
    public static int FoldOf(Rating rating, int folds, int seed)
    {
        var h = Mix((ulong)(uint)seed);
        h = Mix(h ^ (ulong)(uint)rating.UserId);
        h = Mix(h ^ (ulong)(uint)rating.MovieId);
        h = Mix(h ^ (ulong)rating.Timestamp);
        return (int)(h % (ulong)folds);
    }

    private static CtrExample[] BuildOutOfFold(IReadOnlyList<Rating> train, IReadOnlyDictionary<int, Movie> movies, FeatureState full, int folds, int seed)
    {
        if (folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "out-of-fold encoding needs at least 2 folds");
        }

        var foldOf = new int[train.Count];
        for (var i = 0; i < train.Count; i++)
        {
            foldOf[i] = FoldOf(train[i], folds, seed);
        }

        var examples = new CtrExample[train.Count];
        for (var f = 0; f < folds; f++)
        {
            var fold = f;
            var others = FeatureState.Build(train.Where((_, i) => foldOf[i] != fold), movies, keepRated: false);
            for (var i = 0; i < train.Count; i++)
            {
                if (foldOf[i] != fold)
                {
                    continue;
                }

                var r = train[i];
                var features = new float[FeatureSpec.Length];
                FeatureState.Featurize(full, others, r.UserId, r.MovieId, features);
                examples[i] = new CtrExample(r.UserId, r.MovieId, r.Timestamp, r.IsClick(), features);
            }
        }

        return examples;
    }

    /// <summary>SplitMix64's finaliser.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
