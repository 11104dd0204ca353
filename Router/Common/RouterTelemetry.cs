namespace Bandit.Router.Common;

/// <summary>The Router's meter name (<c>Bandit.Router</c>, collected by ServiceDefaults) and the tags on its request spans and instruments (<see cref="RouterMetrics"/>).</summary>
public static class RouterTelemetry
{
    public const string Name = "Bandit.Router";

    /// <summary>Tags on the request span and on the instruments.</summary>
    public const string ArmTag = "bandit.arm";
    public const string DecisionTag = "bandit.decision_id";
    public const string PropensityTag = "bandit.propensity";
    public const string StrategyTag = "bandit.strategy";
    public const string ExperimentTag = "bandit.experiment";
    public const string StatusTag = "bandit.status";
}
