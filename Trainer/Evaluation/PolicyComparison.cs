using Bandit.Trainer.Evaluation.Metrics;
using Bandit.Training.Modeling;

namespace Bandit.Trainer.Evaluation;

/// <summary>The paired bootstrap of AUC(<see cref="Second"/>) − AUC(<see cref="First"/>) on one split's test rows.</summary>
public sealed record PolicyComparison(string First, string Second, AucDifference Difference)
{
    /// <summary>The pairs compared, in report order: B against A (the original A/B), then C against A and against B.</summary>
    public static IReadOnlyList<(string First, string Second)> Pairs { get; } =
        [(Policies.PolicyA, Policies.PolicyB), (Policies.PolicyA, Policies.PolicyC), (Policies.PolicyB, Policies.PolicyC)];

    public string Verdict => Metrics.Verdict.Line(Difference, Policies.Label(First), Policies.Label(Second));
}
