namespace Bandit.Allocation;

/// <summary>
/// What a verified decision id says: <paramref name="Id"/> is the decision's 128-bit random id as 32 lowercase
/// hex digits (use it as the Redis key that makes <c>/update</c> idempotent), then the experiment, the arm it
/// was given, the propensity recorded and when it was issued (to the millisecond).
/// </summary>
public sealed record DecisionClaims(string Id, string ExperimentKey, string Arm, double Propensity, DateTimeOffset IssuedAt);
