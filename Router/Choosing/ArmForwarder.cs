using System.Globalization;
using Bandit.Router.Experiment;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;

namespace Bandit.Router.Choosing;

/// <summary>How one forwarding attempt ended.</summary>
public enum ForwardOutcome
{
    /// <summary>The variant answered below 500.</summary>
    Served,

    /// <summary>Connect error, timeout, 5xx, or no route for the arm yet.</summary>
    Failed,

    /// <summary>The client went away; nothing to retry.</summary>
    ClientGone,
}

/// <summary>The outcome of one forwarding attempt and, for a failure, why.</summary>
public readonly record struct ForwardResult(ForwardOutcome Outcome, string Reason);

/// <summary>
/// Forwards <c>/choose</c> to the decided arm: puts the decision headers on the request (the variant echoes them) and
/// re-assigns the <c>/choose</c> route to the arm's cluster; YARP then streams the variant's answer. Arm health is not YARP's
/// (its passive checks are off): <see cref="ChoiceOutcomes"/> reports each result to <c>ArmHealth</c>.
/// </summary>
public sealed class ArmForwarder(IProxyStateLookup lookup)
{
    public async Task<ForwardResult> ForwardAsync(HttpContext context, Decision decision, Func<Task> next)
    {
        if (!lookup.TryGetRoute(ArmProxyConfig.ChooseRouteId, out var route) || !lookup.TryGetCluster(ArmProxyConfig.ClusterId(decision.Arm), out var cluster))
        {
            return new(ForwardOutcome.Failed, "no YARP cluster for the arm yet");
        }

        DecisionHeaders.Set(context.Request.Headers, decision);
        context.Request.Body.Position = 0;
        context.ReassignProxyRequest(route, cluster);
        await next();

        if (context.GetForwarderErrorFeature() is { } error)
        {
            return new(IsClientSide(error.Error) || context.RequestAborted.IsCancellationRequested ? ForwardOutcome.ClientGone : ForwardOutcome.Failed, error.Error.ToString());
        }

        var status = context.Response.StatusCode;
        return new(status >= 500 ? ForwardOutcome.Failed : ForwardOutcome.Served, "status " + status.ToString(CultureInfo.InvariantCulture));
    }

    private static bool IsClientSide(ForwarderError error) => error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
        or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient;
}
