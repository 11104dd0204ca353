namespace Bandit.Ui.Routing;

/// <summary><c>GET /stats/offpolicy</c>: the window asked for, the decisions it held, one row per policy, the effective
/// sample size below which the Router calls an interval untrustworthy, and its warnings.</summary>
public sealed record OffPolicyResult(int Window, int Decisions, double MinimumEss, IReadOnlyList<OffPolicyRow> Policies, IReadOnlyList<string>? Warnings)
{
    /// <summary>The rows whose effective sample size is below <see cref="MinimumEss"/>.</summary>
    public IReadOnlyList<OffPolicyRow> Untrusted => [.. Policies.Where(p => !(p.Ess >= MinimumEss))];
}

/// <summary>One policy ("always PolicyA", "uniform"): IPS and SNIPS (null when nothing in the log informs them), ESS, matched decisions.</summary>
public sealed record OffPolicyRow(string Policy, OffPolicyInterval? Ips, OffPolicyInterval? Snips, double Ess, int Matched);

/// <summary>An estimate with its user-clustered standard error and 95% interval.</summary>
public sealed record OffPolicyInterval(double Value, double StandardError, double Lower95, double Upper95);
