using BenchmarkDotNet.Attributes;
using Bandit.MovieLens;
using Bandit.MovieLens.Features;

namespace Bandit.Benchmarks;

/// <summary>
/// The data layer's costs: loading ml-latest-small, building the training-window feature state,
/// and featurizing the whole catalogue for one user (what a Variants request pays before scoring).
/// <c>dotnet run -c Release --project Benchmarks -- bdn --filter '*MovieLens*'</c>
/// </summary>
[MemoryDiagnoser]
public class MovieLensBenchmarks
{
    private MovieLensDataset _data = null!;
    private IReadOnlyList<Rating> _train = null!;
    private FeatureState _state = null!;
    private int[] _catalogue = null!;
    private float[] _block = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = MovieLensLoader.Load(MovieLensDataSets.LocateShipped());
        _train = Splitter.UserTime(_data.Ratings).Train;
        _state = FeatureState.Build(_train, _data.MoviesById);
        _catalogue = _state.CatalogueIds.ToArray();
        _block = new float[_catalogue.Length * FeatureSpec.Length];
    }

    [Benchmark]
    public int LoadLatestSmall() => MovieLensLoader.Load(MovieLensDataSets.LocateShipped()).Ratings.Count;

    [Benchmark]
    public int BuildFeatureState() => FeatureState.Build(_train, _data.MoviesById).RatingCount;

    [Benchmark]
    public float FeaturizeWholeCatalogue()
    {
        _state.FeaturizeMany(1, _catalogue, _block);
        return _block[^1];
    }
}
