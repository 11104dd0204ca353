namespace Bandit.Allocation;

/// <summary>
/// One arm of the experiment: <paramref name="Name"/> is what decisions, stats and Redis keys use,
/// <paramref name="Alias"/> the MLflow alias the arm's variant serves, <paramref name="Service"/> the
/// Aspire resource name of that variant, <paramref name="Weight"/> its share in the <c>hash</c> split
/// (ignored by the bandits: to take an arm out of a bandit, mark it unavailable or change the arm set).
/// </summary>
public sealed record ArmConfig(string Name, string Alias, string Service, double Weight);

/// <summary>The Beta(α, β) prior every arm's click-through rate starts from.</summary>
public sealed record BetaPrior(double Alpha, double Beta)
{
    /// <summary>Beta(1, 1): uniform over [0, 1].</summary>
    public static BetaPrior Uniform { get; } = new(1.0, 1.0);
}
