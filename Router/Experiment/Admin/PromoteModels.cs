using Bandit.Router.Experiment.Stats;

namespace Bandit.Router.Experiment.Admin;

/// <summary>
/// <c>POST /admin/promote</c>'s answer: the alias, the version it points at now and the one it pointed at before
/// (null when it was not set), whether anything changed, and — for the live router config — the new <c>/config</c>.
/// </summary>
public sealed record PromoteResponse(string Model, string Alias, string Version, string? PreviousVersion, bool Changed, string Reason, string Actor, ConfigResponse? Config);

/// <summary><c>GET /admin/whoami</c>: who the bearer credential is (the one admin key: <c>admin</c>).</summary>
public sealed record WhoAmIResponse(string Identity);
