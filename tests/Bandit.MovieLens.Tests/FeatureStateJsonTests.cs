using System.Text;
using Bandit.MovieLens.Features;
using Xunit.Abstractions;

namespace Bandit.MovieLens.Tests;

public sealed class FeatureStateJsonTests(LatestSmallFixture fixture, ITestOutputHelper output) : IClassFixture<LatestSmallFixture>
{
    private readonly MovieLensDataset _data = fixture.Data;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SaveLoad_LatestSmallState_FeaturizesIdentically(bool compress)
    {
        var state = FeatureState.Build(Splitter.UserTime(_data.Ratings).Train, _data.MoviesById);
        using var buffer = new MemoryStream();

        state.Save(buffer, compress);
        var size = buffer.Length;
        buffer.Position = 0;
        var loaded = FeatureState.Load(buffer);

        output.WriteLine($"feature_state.json ({(compress ? "gzip" : "plain")}): {size:N0} bytes");
        Assert.InRange(size, 1, 4_000_000); // "a few MB at most"
        Assert.Equal((state.RatingCount, state.PositiveCount, state.UserCount), (loaded.RatingCount, loaded.PositiveCount, loaded.UserCount));
        Assert.Equal(state.CatalogueIds, loaded.CatalogueIds);
        Assert.Equal(state.Movies[11], loaded.Movies[11] with { Genres = state.Movies[11].Genres });
        Assert.Equal(state.Movies[11].Genres, loaded.Movies[11].Genres);
        Assert.Equal(state.RatedBy(1).Order(), loaded.RatedBy(1).Order());

        // Every (user, movie) pair of a few users, plus an unknown user and an unknown movie.
        var expected = new float[FeatureSpec.Length];
        var actual = new float[FeatureSpec.Length];
        foreach (var user in new[] { 1, 300, 610, 9999 })
        {
            foreach (var movie in state.CatalogueIds.Append(-5))
            {
                state.Featurize(user, movie, expected);
                loaded.Featurize(user, movie, actual);
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"user {user}, movie {movie}");
            }
        }
    }

    [Fact]
    public void Load_OtherFeatureVersion_IsRefusedClearly()
    {
        var state = FeatureState.Build(_data.Ratings.Take(1000), _data.MoviesById);
        using var buffer = new MemoryStream();
        state.Save(buffer);
        var json = Encoding.UTF8.GetString(buffer.ToArray());
        Assert.Contains($"\"version\":\"{FeatureSpec.Version}\"", json, StringComparison.Ordinal);

        var older = json.Replace($"\"version\":\"{FeatureSpec.Version}\"", "\"version\":\"ctr-features/0\"", StringComparison.Ordinal);
        var error = Assert.Throws<FeatureVersionMismatchException>(() => FeatureState.Load(new MemoryStream(Encoding.UTF8.GetBytes(older))));

        Assert.Equal("ctr-features/0", error.Found);
        Assert.Equal(FeatureSpec.Version, error.Expected);
        Assert.Contains("ctr-features/0", error.Message, StringComparison.Ordinal);
        Assert.Contains(FeatureSpec.Version, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"ratingCount\":1}")]
    [InlineData("not json")]
    [InlineData("{\"version\":\"ctr-features/1\",\"genres\":[\"Action\"],\"movies\":[],\"items\":[],\"users\":[]}")]
    public void Load_MalformedDocument_ThrowsInvalidData(string json)
    {
        Assert.Throws<InvalidDataException>(() => FeatureState.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))));
    }

    [Fact]
    public void FeaturizeMany_WholeCatalogue_IsThreadSafe()
    {
        var state = FeatureState.Build(Splitter.UserTime(_data.Ratings).Train, _data.MoviesById);
        var ids = state.CatalogueIds.ToArray();
        var block = new float[ids.Length * FeatureSpec.Length];
        state.FeaturizeMany(1, ids, block); // warm up

        // Threads featurizing concurrently get the same vectors as one thread.
        var reference = new float[ids.Length * FeatureSpec.Length];
        state.FeaturizeMany(42, ids, reference);
        Parallel.For(0, 8, _ =>
        {
            var mine = new float[ids.Length * FeatureSpec.Length];
            state.FeaturizeMany(42, ids, mine);
            Assert.True(reference.AsSpan().SequenceEqual(mine));
        });
    }
}
