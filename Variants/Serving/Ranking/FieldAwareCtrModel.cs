using Bandit.MovieLens.Features;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace Bandit.Variants.Serving.Ranking;

/// <summary>
/// A field-aware factorization machine (Policy C) as plain arrays, scored as ML.NET does: features scaled by the folded
/// normalizers and reordered into the <see cref="CtrFields"/> fields, the row divided by its L2 norm when the model
/// was trained with <c>NormalizeFeatures</c>, then
/// <c>score = Σ wⱼxⱼ + Σ_{f&lt;f'} ⟨q_{f,f'}, q_{f',f}⟩ + ½(Σ_f |q_{f,f}|² − Σⱼ |v_{j,F(j)}|² xⱼ²)</c> with
/// <c>q_{f,f'} = Σ_{j∈f} v_{j,f'} xⱼ</c> (every pair of features, same-field pairs included), and
/// <c>p = 1 / (1 + e^(−score))</c>. Whether the row was normalised is not public on ML.NET's model, so
/// <see cref="TryCompile"/> offers both forms and the check against ML.NET keeps the one that agrees.
/// </summary>
public sealed class FieldAwareCtrModel : CompiledCtrModel
{
    public const string EngineName = "compiled-ffm";

    private readonly int[] _slots;
    private readonly int[] _fieldOf;
    private readonly float[] _scale;
    private readonly float[] _offset;
    private readonly float[] _linear;
    private readonly float[] _latent;
    private readonly int _fields;
    private readonly int _dimension;
    private readonly bool _normalize;

    private FieldAwareCtrModel(int[] slots, int[] fieldOf, float[] scale, float[] offset, float[] linear, float[] latent, int fields, int dimension, bool normalize)
        : base(plattSlope: -1, plattOffset: 0) // the logistic sigmoid, written as the base class's Platt form
    {
        (_slots, _fieldOf, _scale, _offset, _linear, _latent) = (slots, fieldOf, scale, offset, linear, latent);
        (_fields, _dimension, _normalize) = (fields, dimension, normalize);
    }

    public override string Engine => EngineName;

    public bool NormalizesRows => _normalize;

    /// <summary>
    /// Compiles <c>[affine normalizers…, the CtrFields mapping, FFM]</c>; empty, with the reason, for any other shape.
    /// Returns the row-normalising form first (the Trainer's), then the plain one.
    /// </summary>
    public static IReadOnlyList<CompiledCtrModel> TryCompile(IReadOnlyList<ITransformer> steps, out string reason)
    {
        if (steps.Count < 2 || steps[^1] is not FieldAwareFactorizationMachinePredictionTransformer { Model: var model }
            || steps[^2] is not CustomMappingTransformer<CtrFieldsInput, CtrFieldsOutput>)
        {
            reason = "the model is not normalizers, the CtrFields mapping and a field-aware factorization machine";
            return [];
        }

        if (model.FieldCount != CtrFields.All.Count || model.FeatureCount != FeatureSpec.Length)
        {
            reason = $"the factorization machine has {model.FieldCount} fields and {model.FeatureCount} features; {CtrFields.Contract} has {CtrFields.All.Count} and {FeatureSpec.Length}";
            return [];
        }

        var scale = Enumerable.Repeat(1f, FeatureSpec.Length).ToArray();
        var offset = new float[FeatureSpec.Length];
        foreach (var step in steps.Take(steps.Count - 2))
        {
            if (!CtrModelCompiler.TryFoldNormalizer(step, scale, offset))
            {
                reason = $"step {step.GetType().Name} is not an affine normalizer";
                return [];
            }
        }

        // The model's feature j is the j-th slot of the concatenated fields, in CtrFields order.
        int[] slots = [.. CtrFields.All.SelectMany(f => f.Slots)];
        int[] fieldOf = [.. CtrFields.All.SelectMany((f, i) => f.Slots.Select(_ => i))];
        float[] linear = [.. model.GetLinearWeights()];
        float[] latent = [.. model.GetLatentWeights()];
        float[] slotScale = [.. slots.Select(s => scale[s])];
        float[] slotOffset = [.. slots.Select(s => offset[s])];
        reason = "";
        return [.. new[] { true, false }.Select(normalize =>
            new FieldAwareCtrModel(slots, fieldOf, slotScale, slotOffset, linear, latent, model.FieldCount, model.LatentDimension, normalize))];
    }

    protected override void RawScores(ReadOnlySpan<float> block, int width, ReadOnlySpan<int> positions, Span<float> scores)
    {
        var n = _slots.Length;
        var m = _fields;
        var d = _dimension;
        Span<float> x = stackalloc float[n];
        Span<float> q = stackalloc float[m * m * d];
        for (var row = 0; row < scores.Length; row++)
        {
            var features = block.Slice(row * width, width);
            var norm = 0f;
            for (var j = 0; j < n; j++)
            {
                x[j] = (features[_slots[j]] - _offset[j]) * _scale[j];
                norm += x[j] * x[j];
            }

            if (_normalize)
            {
                norm = MathF.Sqrt(norm);
                for (var j = 0; j < n; j++)
                {
                    x[j] /= norm;
                }
            }

            scores[row] = Response(x, q, m, d);
        }
    }

    private float Response(ReadOnlySpan<float> x, Span<float> q, int m, int d)
    {
        q.Clear();
        float linear = 0, self = 0;
        for (var j = 0; j < x.Length; j++)
        {
            var xj = x[j];
            if (xj == 0)
            {
                continue; // contributes exactly nothing, as in ML.NET's sums
            }

            linear += _linear[j] * xj;
            var f = _fieldOf[j];
            var v = _latent.AsSpan(j * m * d, m * d);
            for (var other = 0; other < m; other++)
            {
                var vjOther = v.Slice(other * d, d);
                var qf = q.Slice(((f * m) + other) * d, d);
                for (var k = 0; k < d; k++)
                {
                    qf[k] += vjOther[k] * xj;
                }
            }

            var own = v.Slice(f * d, d);
            for (var k = 0; k < d; k++)
            {
                self += own[k] * own[k] * xj * xj;
            }
        }

        float inter = 0, intra = 0;
        for (var f = 0; f < m; f++)
        {
            var qff = q.Slice(((f * m) + f) * d, d);
            for (var k = 0; k < d; k++)
            {
                intra += qff[k] * qff[k];
            }

            for (var other = f + 1; other < m; other++)
            {
                var a = q.Slice(((f * m) + other) * d, d);
                var b = q.Slice(((other * m) + f) * d, d);
                for (var k = 0; k < d; k++)
                {
                    inter += a[k] * b[k];
                }
            }
        }

        return linear + inter + (0.5f * (intra - self));
    }
}
