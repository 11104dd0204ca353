using Bandit.Allocation;
using Bandit.Router.Common;
using Bandit.Router.Experiment;
using Bandit.Router.Ledger;
using Yarp.ReverseProxy.Forwarder;

namespace Bandit.Router.Choosing;

/// <summary>
/// The proxy step behind <c>POST /choose</c>, composed of small pieces: <see cref="ChooseRequestReader"/> validates the
/// body, <see cref="ArmChooser"/> decides an arm, the <see cref="BanditLedger"/> records the decision (store or outage
/// log), <see cref="ArmForwarder"/> puts the decision headers on the request and hands it to YARP, and
/// <see cref="ChoiceOutcomes"/> books the result; <see cref="DecisionHeaders.Served"/> writes the headers on the
/// response. When the variant fails before the response started (connect error, timeout, 5xx), the arm is marked
/// unhealthy, the decision recorded as failed, and the request retried once on another arm with a new decision.
/// </summary>
public sealed class ChooseProxyStep(ArmChooser chooser, ArmForwarder forwarder, ChoiceOutcomes outcomes, BanditLedger ledger)
{
    private const int MaxAttempts = 2;

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (context.GetRouteModel().Config.RouteId != ArmProxyConfig.ChooseRouteId)
        {
            await Problems.Write(context, StatusCodes.Status404NotFound, "not found", "this route is internal to the router.");
            return;
        }

        var request = await ChooseRequestReader.ReadAsync(context);
        if (request is null)
        {
            return;
        }

        if (ledger.IsFull)
        {
            // The decision could be neither recorded nor buffered: refuse rather than serve one that is never counted.
            context.Response.Headers.RetryAfter = "5";
            await Problems.Write(context, StatusCodes.Status503ServiceUnavailable, "bandit state unavailable", ledger.FullMessage);
            return;
        }

        var basis = await chooser.PrepareAsync(request.UserKey, context.RequestAborted);
        var served = new DecisionHeaders.Served(context);
        context.Response.OnStarting(static o => ((DecisionHeaders.Served)o).WriteHeaders(), served);
        var tried = ArmMask.None;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var decision = chooser.Decide(basis, request.UserKey, tried);
            if (decision is null)
            {
                break;
            }

            var recording = ledger.RecordDecisionAsync(decision.Experiment, decision.ToRecord(request.UserKey));
            served.Decision = decision;
            served.Recording = recording;
            var result = await forwarder.ForwardAsync(context, decision, next);
            await recording;
            if (result.Outcome == ForwardOutcome.Served)
            {
                outcomes.Served(context, basis.State, decision);
                return;
            }

            if (result.Outcome == ForwardOutcome.ClientGone)
            {
                return;
            }

            await outcomes.FailedAsync(context, decision, result.Reason);
            if (context.Response.HasStarted)
            {
                return;
            }

            // Nothing reached the client: forget this attempt and let YARP forward again.
            served.Decision = null;
            served.Recording = null;
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
            tried = tried.With(decision.ArmIndex);
        }

        await Problems.Write(context, StatusCodes.Status502BadGateway, "no variant answered",
            "every arm tried failed to answer (connect error, timeout or 5xx); the failed decisions are recorded as such.");
    }
}
