using System.Diagnostics;
using System.Globalization;
using Bandit.Allocation;
using Bandit.Router.Common;
using Bandit.Router.Experiment;
using Bandit.Router.Ledger;
using Bandit.Router.Store;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Bandit.Router.Choosing;

/// <summary>
/// The proxy step behind <c>POST /choose</c>: validates the body, decides an arm (cached posteriors, live
/// strategy, healthy arms only), records the decision, puts arm, decision id and propensity on the forwarded
/// request (the variant echoes them into its body) and on the response, and re-assigns the request to the arm's
/// route and cluster; YARP then streams the variant's answer. When the variant fails before the response started
/// (connect error, timeout, 5xx), the arm is marked unhealthy, the decision recorded as failed, and the request
/// retried once on another arm with a new decision.
/// </summary>
public sealed class ChooseProxyStep(
    LiveExperiment live,
    PosteriorCache posteriors,
    DecisionMaker decider,
    DecisionSecret secret,
    ArmHealth health,
    IProxyStateLookup lookup,
    StoreAvailability availability,
    BanditLedger recorder,
    ILogger<ChooseProxyStep> logger)
{
    private const int MaxAttempts = 2;

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (context.GetRouteModel().Config.RouteId != ArmProxyConfig.ChooseRouteId)
        {
            await Problems.Write(context, StatusCodes.Status404NotFound, "not found", "this route is internal to the router.");
            return;
        }

        var request = await ReadAsync(context);
        if (request is null)
        {
            return;
        }

        var ct = context.RequestAborted;
        if (recorder.IsFull)
        {
            // The decision could be neither recorded nor buffered: refuse rather than serve one that is never counted.
            context.Response.Headers.RetryAfter = "5";
            await Problems.Write(context, StatusCodes.Status503ServiceUnavailable, "bandit state unavailable", recorder.FullMessage);
            return;
        }

        var key = await secret.GetAsync(ct);
        var (state, snapshot) = await SnapshotAsync(ct);
        var served = new DecisionHeaders.Served(context);
        context.Response.OnStarting(static o => ((DecisionHeaders.Served)o).WriteHeaders(), served);
        var tried = ArmMask.None;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var decision = Decide(state, snapshot, request.UserKey, tried, key);
            if (decision is null)
            {
                break;
            }

            var recording = recorder.RecordDecisionAsync(decision.Experiment, new DecisionRecord(decision.Id, decision.Arm, decision.Propensity, decision.Strategy, request.UserKey));
            served.Decision = decision;
            served.Recording = recording;
            var (outcome, reason) = await ForwardAsync(context, decision, next);
            await recording;
            if (outcome == Outcome.Served)
            {
                health.MarkSucceeded(decision.Arm);
                state.Window.Record(decision.ArmIndex);
                Tag(context, decision);
                RouterTelemetry.Decisions.Add(1, new(RouterTelemetry.ArmTag, decision.Arm), new(RouterTelemetry.StrategyTag, decision.Strategy));
                return;
            }

            if (outcome == Outcome.ClientGone)
            {
                return;
            }

            await FailAsync(context, decision, reason);
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

    private static async Task<ChooseRequest?> ReadAsync(HttpContext context)
    {
        if (!JsonMediaType.IsAcceptable(context.Request))
        {
            await Problems.Write(context, StatusCodes.Status415UnsupportedMediaType, "unsupported media type", "send the /choose body as application/json.");
            return null;
        }

        var body = await RequestBody.ReadAsync(context.Request, ChooseRequest.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await Problems.Write(context, StatusCodes.Status413PayloadTooLarge, "body too large", $"a /choose body is at most {ChooseRequest.MaxBodyBytes} bytes.");
            return null;
        }

        if (!ChooseRequest.TryParse(body, out var request, out var error))
        {
            await Problems.Write(context, StatusCodes.Status400BadRequest, "invalid /choose request", error!);
            return null;
        }

        // The body is forwarded from this buffer, so a retry can send it again.
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;
        context.Request.Headers.Remove("Transfer-Encoding");
        return request;
    }

    private Decision? Decide(LiveConfig state, PosteriorSnapshot snapshot, string userKey, ArmMask tried, byte[] key)
    {
        var started = Stopwatch.GetTimestamp();
        var unavailable = new ArmMask(health.Unavailable(state).Bits | tried.Bits);
        Decision decision;
        try
        {
            decision = decider.Decide(state, snapshot, userKey, unavailable, key);
        }
        catch (NoArmAvailableException) when (tried.IsEmpty)
        {
            // Every arm looks down: try anyway rather than refuse; a real failure is handled like any other.
            decision = decider.Decide(state, snapshot, userKey, ArmMask.None, key);
        }
        catch (NoArmAvailableException)
        {
            return null;
        }

        RouterTelemetry.DecisionTime.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(RouterTelemetry.StrategyTag, decision.Strategy));
        return decision;
    }

    private async Task<(Outcome Outcome, string Reason)> ForwardAsync(HttpContext context, Decision decision, Func<Task> next)
    {
        if (!lookup.TryGetRoute(ArmProxyConfig.ArmRouteId(decision.Arm), out var route) || !lookup.TryGetCluster(ArmProxyConfig.ClusterId(decision.Arm), out var cluster))
        {
            return (Outcome.Failed, "no YARP route for the arm yet");
        }

        DecisionHeaders.Set(context.Request.Headers, decision);
        context.Request.Body.Position = 0;
        context.ReassignProxyRequest(route, cluster);
        await next();

        if (context.GetForwarderErrorFeature() is { } error)
        {
            return (IsClientSide(error.Error) || context.RequestAborted.IsCancellationRequested ? Outcome.ClientGone : Outcome.Failed, error.Error.ToString());
        }

        var status = context.Response.StatusCode;
        return (status >= 500 ? Outcome.Failed : Outcome.Served, "status " + status.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The live config and the posteriors to decide with. With no cached posteriors and the store down, the hash split
    /// of the live arms and weights decides (stated in <c>/stats</c> as <c>allocation: hash-fallback</c>).
    /// </summary>
    private async Task<(LiveConfig State, PosteriorSnapshot Snapshot)> SnapshotAsync(CancellationToken ct)
    {
        var state = live.Current;
        try
        {
            return (state, await posteriors.GetAsync(state, ct));
        }
        catch (StoreUnavailableException)
        {
            availability.MarkUnavailable();
            var hash = new LiveConfig(state.Config.WithStrategy(StrategyNames.Hash, null), state.Version, state.Source, state.LoadedAt, state.Window);
            return (hash, PosteriorSnapshot.Create(hash.Config, state.ArmNames.Select(a => new ArmStats(a, 0, 0, 0))));
        }
    }

    private async Task FailAsync(HttpContext context, Decision decision, string reason)
    {
        var error = context.GetForwarderErrorFeature();
        health.MarkFailed(decision.Arm);
        RouterTelemetry.VariantFailures.Add(1, new KeyValuePair<string, object?>(RouterTelemetry.ArmTag, decision.Arm));
        RouterLog.VariantFailed(logger, decision.Arm, reason, error?.Exception);
        await recorder.RecordFailureAsync(decision.Experiment, decision.Id, decision.Arm, reason);
    }

    private static void Tag(HttpContext context, Decision decision)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity ?? Activity.Current;
        activity?.SetTag(RouterTelemetry.ArmTag, decision.Arm);
        activity?.SetTag(RouterTelemetry.DecisionTag, decision.Id);
        activity?.SetTag(RouterTelemetry.PropensityTag, decision.Propensity);
        activity?.SetTag(RouterTelemetry.StrategyTag, decision.Strategy);
        activity?.SetTag(RouterTelemetry.ExperimentTag, decision.Experiment);
    }

    private static bool IsClientSide(ForwarderError error) => error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
        or ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient;

    private enum Outcome
    {
        Served,
        Failed,
        ClientGone,
    }
}
