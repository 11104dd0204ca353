using System.Globalization;
using Bandit.Router.Common;
using Bandit.Router.Ledger;
using Bandit.Router.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Experiment.Stats;

/// <summary>
/// <c>GET /stats/offpolicy?window=10000</c>: IPS and SNIPS of each "always arm k" policy and of the uniform policy over
/// the <c>window</c> (1–100,000) most recent decisions of the live experiment's event stream.
/// </summary>
public static class OffPolicyApi
{
    public const int DefaultWindow = 10_000, MaxWindow = 100_000;

    public static IEndpointRouteBuilder MapOffPolicyApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("").WithTags("Experiment").MapGet("/stats/offpolicy", GetOffPolicy);
        return app;
    }

    public static async Task<Results<Ok<OffPolicyResponse>, ProblemHttpResult>> GetOffPolicy(
        string? window, LiveExperiment live, IBanditStore store, StoreAvailability availability, IOptions<RouterOptions> options, CancellationToken cancellationToken)
    {
        if (!TryWindow(window, out var size))
        {
            return TypedResults.Problem($"window must be a whole number of decisions in [1, {MaxWindow}].", statusCode: StatusCodes.Status400BadRequest, title: "invalid off-policy request");
        }

        // Known to be down: say so now rather than after the store's timeout (the drainer tells when it is back).
        if (!availability.IsAvailable)
        {
            return TypedResults.Problem("the decision log lives in the bandit store, which is not answering; try again when it is back.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "off-policy estimate unavailable");
        }

        var state = live.Current;
        // Each decision brings up to two more events (its reward or failure): read three per decision, within the
        // stream's cap, so the window is filled whenever the stream holds that many decisions.
        var count = (int)Math.Min((long)size * 3, options.Value.EventStreamMaxLength);
        var events = await store.ReadEventsAsync(state.ExperimentKey, count, cancellationToken);
        return TypedResults.Ok(LiveOffPolicy.Estimate(events, state.ArmNames, size));
    }

    private static bool TryWindow(string? text, out int value)
    {
        value = DefaultWindow;
        return text is null || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= MaxWindow);
    }
}
