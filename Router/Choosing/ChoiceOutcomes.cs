using System.Diagnostics;
using Bandit.Router.Common;
using Bandit.Router.Experiment;
using Bandit.Router.Ledger;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Bandit.Router.Choosing;

/// <summary>
/// What follows one forwarding attempt: a served decision counts in the arm's health, the traffic window, the request
/// span and the metrics; a failed one marks the arm unhealthy for <c>Router:UnhealthyFor</c> and is recorded as failed
/// (its pull taken back, no longer rewardable).
/// </summary>
public sealed class ChoiceOutcomes(ArmHealth health, BanditLedger ledger, RouterMetrics metrics, ILogger<ChoiceOutcomes> logger)
{
    public void Served(HttpContext context, LiveConfig state, Decision decision)
    {
        health.MarkSucceeded(decision.Arm);
        state.Window.Record(decision.ArmIndex);
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity ?? Activity.Current;
        activity?.SetTag(RouterTelemetry.ArmTag, decision.Arm);
        activity?.SetTag(RouterTelemetry.DecisionTag, decision.Id);
        activity?.SetTag(RouterTelemetry.PropensityTag, decision.Propensity);
        activity?.SetTag(RouterTelemetry.StrategyTag, decision.Strategy);
        activity?.SetTag(RouterTelemetry.ExperimentTag, decision.Experiment);
        metrics.Decisions.Add(1, new(RouterTelemetry.ArmTag, decision.Arm), new(RouterTelemetry.StrategyTag, decision.Strategy));
    }

    public async Task FailedAsync(HttpContext context, Decision decision, string reason)
    {
        health.MarkFailed(decision.Arm);
        metrics.VariantFailures.Add(1, new KeyValuePair<string, object?>(RouterTelemetry.ArmTag, decision.Arm));
        RouterLog.VariantFailed(logger, decision.Arm, reason, context.GetForwarderErrorFeature()?.Exception);
        await ledger.RecordFailureAsync(decision.Experiment, decision.Id, decision.Arm, reason);
    }
}
