namespace Bandit.Mlflow.Promotions;

/// <summary>Where an alias move came from: the product (the Ui's promote, the Router's admin API, auto-promotion) or
/// any other MLflow client, seen afterwards by an alias watcher.</summary>
public static class PromotionSources
{
    public const string Product = "product";
    public const string External = "external";
}

/// <summary>One arm's figures at the moment of a move: decisions, rewards, CTR and the posterior probability of being best.</summary>
public sealed record ArmFigures(string Arm, long Pulls, double Rewards, double Ctr, double PBest);

/// <summary>
/// One alias move, as the <c>promotions</c> experiment keeps it: <paramref name="Who"/> is the admin identity, "auto"
/// or, for an external move, "external"; <paramref name="FromVersion"/> is null when the alias did not exist before.
/// </summary>
public sealed record PromotionRecord(
    string Model,
    string Alias,
    string? FromVersion,
    string ToVersion,
    string Who,
    string? Reason,
    string Source,
    DateTimeOffset At,
    IReadOnlyList<ArmFigures> Figures)
{
    /// <summary>Set when read back: the MLflow run that holds this record.</summary>
    public string? RunId { get; init; }
}
