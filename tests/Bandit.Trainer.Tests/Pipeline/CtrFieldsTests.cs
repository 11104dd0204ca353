using Bandit.MovieLens.Features;

namespace Bandit.Trainer.Tests.Pipeline;

/// <summary>The field split Policy C is trained on: every feature in exactly one field, copied unchanged.</summary>
public sealed class CtrFieldsTests
{
    [Fact]
    public void All_PartitionsTheFeatureVector()
    {
        var slots = CtrFields.All.SelectMany(f => f.Slots).Order().ToArray();

        Assert.Equal(Enumerable.Range(0, FeatureSpec.Length), slots);
        Assert.Equal([CtrFields.UserLength, CtrFields.ItemLength, CtrFields.GenreLength, CtrFields.MatchLength], CtrFields.All.Select(f => f.Slots.Count));
        Assert.Equal([CtrFields.ItemColumn, CtrFields.GenreColumn, CtrFields.MatchColumn], CtrFields.ExtraColumns);
    }

    [Fact]
    public void Map_CopiesEachSlotIntoItsField()
    {
        var input = new CtrFieldsInput { Features = [.. Enumerable.Range(0, FeatureSpec.Length).Select(i => (float)i + 0.5f)] };
        var output = new CtrFieldsOutput();

        CtrFieldsMapping.Map(input, output);

        Assert.Equal([FeatureSpec.UserLogActivity + 0.5f, FeatureSpec.UserPositiveRate + 0.5f, FeatureSpec.UserUnseen + 0.5f], output.User);
        Assert.Equal(FeatureSpec.ReleaseYear + 0.5f, output.Item[2]);
        Assert.Equal(Enumerable.Range(FeatureSpec.GenreOffset, FeatureSpec.GenreCount).Select(i => i + 0.5f), output.Genre);
        Assert.Equal([FeatureSpec.UserGenreAffinity + 0.5f], output.Match);
    }
}
