namespace Bandit.Router.Experiment.Stats;

/// <summary>The answer of <c>GET /stats/offpolicy</c>: the window asked for, the decisions it held, one row per
/// policy, and a plain warning for each policy whose effective sample size is below <paramref name="MinimumEss"/>.</summary>
public sealed record OffPolicyResponse(int Window, int Decisions, double MinimumEss, IReadOnlyList<OffPolicyRowResponse> Policies, IReadOnlyList<string> Warnings);

/// <summary>One policy's IPS and SNIPS estimates (null when no logged decision could inform them), ESS and matched decisions.</summary>
public sealed record OffPolicyRowResponse(string Policy, OffPolicyIntervalResponse? Ips, OffPolicyIntervalResponse? Snips, double Ess, int Matched);

/// <summary>An estimate with its user-clustered standard error and 95% interval.</summary>
public sealed record OffPolicyIntervalResponse(double Value, double StandardError, double Lower95, double Upper95);
