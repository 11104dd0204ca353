using Bandit.MovieLens.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Bandit.Training.Modeling;

/// <summary>A fitted policy with the input schema it was trained on (saved with it, so serving can check it).</summary>
public sealed record FittedPolicy(IPolicyModel Definition, MLContext Context, ITransformer Model, DataViewSchema InputSchema)
{
    /// <summary>Writes the ML.NET model zip (<c>Model.Save</c> with the input schema).</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        Context.Model.Save(Model, InputSchema, stream);
    }
}

/// <summary>Fits policies on examples and scores examples with them (batch <c>Transform</c>, no prediction engine).</summary>
public static class PolicyFitter
{
    private static readonly SchemaDefinition _inputSchema = SchemaDefinition.Create(typeof(CtrInput));

    /// <summary>Fits <paramref name="policy"/> in its own <see cref="MLContext"/> seeded with <paramref name="seed"/>, so
    /// the result does not depend on what else was fitted before or beside it.</summary>
    public static FittedPolicy Fit(IPolicyModel policy, IReadOnlyList<CtrExample> examples, int seed)
    {
        var mlContext = new MLContext(seed);
        var data = ToDataView(mlContext, examples);
        var model = policy.Build(mlContext).Fit(data);
        return new FittedPolicy(policy, mlContext, model, data.Schema);
    }

    /// <summary>The click probability of every example, in order.</summary>
    public static float[] Score(FittedPolicy fitted, IReadOnlyList<CtrExample> examples)
    {
        var scores = new float[examples.Count];
        if (examples.Count == 0)
        {
            return scores;
        }

        var scored = fitted.Model.Transform(ToDataView(fitted.Context, examples));
        var column = scored.Schema.GetColumnOrNull(CtrOutput.ProbabilityColumn)
            ?? throw new InvalidOperationException($"{fitted.Definition.Policy} adds no {CtrOutput.ProbabilityColumn} column");
        var n = scored.CopyScores(column, scores);
        return n == scores.Length ? scores : throw new InvalidOperationException($"scored {n} of {scores.Length} rows");
    }

    /// <summary>The examples as an <see cref="IDataView"/> of <see cref="CtrInput"/> (feature arrays shared, not copied).</summary>
    public static IDataView ToDataView(MLContext mlContext, IReadOnlyList<CtrExample> examples)
    {
        var rows = new CtrInput[examples.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new CtrInput { Features = examples[i].Features, Label = examples[i].Label };
        }

        return mlContext.Data.LoadFromEnumerable(rows, _inputSchema);
    }
}
