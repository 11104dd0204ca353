using Microsoft.ML;
using Microsoft.ML.Data;

namespace Bandit.MovieLens.Features;

/// <summary>The ML.NET input row of both policies: the <see cref="FeatureSpec"/> vector and the click label.</summary>
public sealed class CtrInput
{
    public const string FeaturesColumn = "Features";
    public const string LabelColumn = "Label";

    [ColumnName(FeaturesColumn)]
    [VectorType(FeatureSpec.Length)]
    public float[] Features { get; set; } = new float[FeatureSpec.Length];

    [ColumnName(LabelColumn)]
    public bool Label { get; set; }
}

/// <summary>The scored columns a binary classifier adds.</summary>
public sealed class CtrOutput
{
    public const string ProbabilityColumn = "Probability";
    public const string ScoreColumn = "Score";

    [ColumnName(ProbabilityColumn)]
    public float Probability { get; set; }

    [ColumnName(ScoreColumn)]
    public float Score { get; set; }
}

/// <summary>Turns examples into ML.NET data views.</summary>
public static class CtrDataViews
{
    /// <summary>An <see cref="IDataView"/> over the examples (columns <c>Features</c>, <c>Label</c>); the feature
    /// arrays are shared, not copied.</summary>
    public static IDataView ToDataView(this MLContext mlContext, IEnumerable<CtrExample> examples)
    {
        CtrInput[] rows = [.. examples.Select(e => new CtrInput { Features = e.Features, Label = e.Label })];
        return mlContext.Data.LoadFromEnumerable(rows);
    }

    /// <summary>Copies one float column of a scored view into <paramref name="into"/>, row by row; returns the rows read.</summary>
    public static int CopyScores(this IDataView scored, DataViewSchema.Column column, float[] into)
    {
        using var cursor = scored.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        var value = 0f;
        var n = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            into[n++] = value;
        }

        return n;
    }
}
