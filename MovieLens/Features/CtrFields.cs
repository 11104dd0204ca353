using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Bandit.MovieLens.Features;

/// <summary>One field of a field-aware model: its column name and the <see cref="FeatureSpec"/> slots it holds, in order.</summary>
public sealed record CtrField(string Column, IReadOnlyList<int> Slots);

/// <summary>
/// The <see cref="FeatureSpec"/> vector split into the fields of a field-aware factorization machine (Policy C): the
/// user's statistics, the item's statistics, the item's genres and the user–genre match. A field-aware model learns
/// one latent vector per (feature, other field), so user × item interactions get their own factors. The split is an
/// ML.NET custom mapping saved inside the model under <see cref="Contract"/>: whoever loads such a model registers
/// this assembly (<c>mlContext.ComponentCatalog.RegisterAssembly(typeof(CtrFields).Assembly)</c>). Changing a field
/// is a new contract, like a change of <see cref="FeatureSpec.Version"/>.
/// </summary>
public static class CtrFields
{
    public const string Contract = "ctr-fields/1";

    public const string UserColumn = "UserField";
    public const string ItemColumn = "ItemField";
    public const string GenreColumn = "GenreField";
    public const string MatchColumn = "MatchField";

    public const int UserLength = 3;
    public const int ItemLength = 5;
    public const int GenreLength = FeatureSpec.GenreCount;
    public const int MatchLength = 1;

    /// <summary>The fields in the order the model takes them.</summary>
    public static IReadOnlyList<CtrField> All { get; } =
    [
        new(UserColumn, [FeatureSpec.UserLogActivity, FeatureSpec.UserPositiveRate, FeatureSpec.UserUnseen]),
        new(ItemColumn, [FeatureSpec.ItemLogPopularity, FeatureSpec.ItemPositiveRate, FeatureSpec.ReleaseYear, FeatureSpec.YearUnknown, FeatureSpec.ItemUnseen]),
        new(GenreColumn, [.. Enumerable.Range(FeatureSpec.GenreOffset, FeatureSpec.GenreCount)]),
        new(MatchColumn, [FeatureSpec.UserGenreAffinity]),
    ];

    /// <summary>The columns after the first, as <c>ExtraFeatureColumns</c> of the trainer.</summary>
    public static string[] ExtraColumns => [.. All.Skip(1).Select(f => f.Column)];
}

/// <summary>The mapping's input: the feature vector.</summary>
public sealed class CtrFieldsInput
{
    [ColumnName(CtrInput.FeaturesColumn)]
    [VectorType(FeatureSpec.Length)]
    public float[] Features { get; set; } = new float[FeatureSpec.Length];
}

/// <summary>The mapping's output: one vector column per <see cref="CtrFields"/> field.</summary>
public sealed class CtrFieldsOutput
{
    [ColumnName(CtrFields.UserColumn)]
    [VectorType(CtrFields.UserLength)]
    public float[] User { get; set; } = new float[CtrFields.UserLength];

    [ColumnName(CtrFields.ItemColumn)]
    [VectorType(CtrFields.ItemLength)]
    public float[] Item { get; set; } = new float[CtrFields.ItemLength];

    [ColumnName(CtrFields.GenreColumn)]
    [VectorType(CtrFields.GenreLength)]
    public float[] Genre { get; set; } = new float[CtrFields.GenreLength];

    [ColumnName(CtrFields.MatchColumn)]
    [VectorType(CtrFields.MatchLength)]
    public float[] Match { get; set; } = new float[CtrFields.MatchLength];
}

/// <summary>The saved, loadable form of the field split (ML.NET finds it by <see cref="CtrFields.Contract"/>).</summary>
[CustomMappingFactoryAttribute(CtrFields.Contract)]
public sealed class CtrFieldsMapping : CustomMappingFactory<CtrFieldsInput, CtrFieldsOutput>
{
    public static void Map(CtrFieldsInput input, CtrFieldsOutput output)
    {
        float[][] targets = [output.User, output.Item, output.Genre, output.Match];
        for (var f = 0; f < targets.Length; f++)
        {
            var slots = CtrFields.All[f].Slots;
            for (var k = 0; k < slots.Count; k++)
            {
                targets[f][k] = input.Features[slots[k]];
            }
        }
    }

    public override Action<CtrFieldsInput, CtrFieldsOutput> GetMapping() => Map;
}
