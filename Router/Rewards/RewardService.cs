using System.Text.Json;
using Bandit.Allocation;
using Bandit.Router.Choosing;
using Bandit.Router.Common;
using Bandit.Router.Experiment;
using Bandit.Router.Ledger;
using Bandit.Router.Store;
using Microsoft.Extensions.Options;
using Bandit.ServiceDefaults.Http;

namespace Bandit.Router.Rewards;

/// <summary>
/// <c>POST /update</c>: verifies each decision id (HMAC, TTL) before anything is trusted, checks the reward, and
/// records the valid ones in one store round trip. A forged, altered, expired or unknown id changes nothing.
/// While the store is unavailable (or the reward's decision or an earlier reward still waits in the outage log) valid
/// rewards go to the <see cref="OutageLog"/> instead (status <c>buffered</c>); when it is full, <see cref="OutageLogFullException"/>.
/// </summary>
public sealed class RewardService(
    BanditLedger ledger,
    DecisionSecret secret,
    LiveExperiment live,
    IOptions<RouterOptions> options,
    TimeProvider time,
    RouterMetrics metrics)
{
    private readonly TimeSpan _ttl = options.Value.DecisionTtl;

    /// <summary>Checks one JSON element <c>{"decisionId": "...", "reward": 0..1}</c>: accepted when it is fit to record.</summary>
    public async Task<RewardCheck> CheckAsync(JsonElement element, CancellationToken cancellationToken)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Reject(null, UpdateStatus.Invalid, "each update must be an object like {\"decisionId\": \"...\", \"reward\": 1}.");
        }

        if (!JsonNames.AreReadable(element))
        {
            return Reject(null, UpdateStatus.Invalid, JsonNames.Unreadable);
        }

        if (!element.TryGetProperty("decisionId", out var idElement) || idElement.ValueKind != JsonValueKind.String)
        {
            return Reject(null, UpdateStatus.Invalid, "decisionId is required: the string /choose returned.");
        }

        if (TokenOf(element) is not { } token)
        {
            return Reject(null, UpdateStatus.Unknown, "unknown decision: the id is not a valid string.");
        }

        if (!element.TryGetProperty("reward", out var rewardElement) || rewardElement.ValueKind != JsonValueKind.Number
            || !rewardElement.TryGetDouble(out var reward) || !double.IsFinite(reward) || reward is < 0 or > 1)
        {
            var got = element.TryGetProperty("reward", out var r) ? Clip(r.GetRawText()) : "nothing";
            return Reject(token, UpdateStatus.Invalid, $"reward must be a number in [0, 1], got {got}.");
        }

        var key = await secret.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!DecisionToken.TryParse(key, token, _ttl, time.GetUtcNow(), out var claims, out var error))
        {
            return Reject(token, UpdateStatus.Unknown, "unknown decision: " + error);
        }

        return new RewardCheck.Accepted(new RewardRecord(claims.Id, claims.Arm, reward, claims.Propensity, live.Current.Config.DiscountHalfLifeSeconds), claims.ExperimentKey, token);
    }

    private static RewardCheck.Rejected Reject(string? token, UpdateStatus status, string error) => new(new UpdateResult(token, null, status, error));

    /// <summary>Records the checked rewards in one round trip and answers for each, in order.</summary>
    public async Task<UpdateResult[]> RecordAsync(IReadOnlyList<RewardCheck> items, CancellationToken cancellationToken)
    {
        var valid = items.OfType<RewardCheck.Accepted>().Select(a => (a.Experiment, a.Record)).ToArray();
        var outcomes = await RecordOrBufferAsync(valid, cancellationToken).ConfigureAwait(false);
        var strategy = live.Current.Strategy.Name;
        var results = new UpdateResult[items.Count];
        var next = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var result = items[i] switch
            {
                RewardCheck.Accepted accepted => new UpdateResult(accepted.Token, accepted.Record.Arm, outcomes[next++]),
                RewardCheck.Rejected rejected => rejected.Result,
                _ => throw new InvalidOperationException("RewardCheck is a closed set."),
            };
            results[i] = result;
            metrics.Rewards.Add(1, new(RouterTelemetry.ArmTag, result.Arm ?? "none"), new(RouterTelemetry.StrategyTag, strategy), new(RouterTelemetry.StatusTag, result.Status.Wire()));
        }

        return results;
    }

    /// <summary>The status of each reward: from the store, or <c>buffered</c> when it went to the outage log.</summary>
    private async Task<UpdateStatus[]> RecordOrBufferAsync((string Experiment, RewardRecord Reward)[] valid, CancellationToken cancellationToken)
    {
        var fates = await ledger.RecordRewardsAsync(valid, cancellationToken).ConfigureAwait(false);
        return [.. fates.Select(ToStatus)];
    }

    private static UpdateStatus ToStatus(RewardFate fate) => fate switch
    {
        RewardFate.Recorded => UpdateStatus.Recorded,
        RewardFate.Duplicate => UpdateStatus.Duplicate,
        RewardFate.Stale => UpdateStatus.Stale,
        RewardFate.Buffered => UpdateStatus.Buffered,
        _ => UpdateStatus.Unknown,
    };

    private static string? TokenOf(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("decisionId", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return id.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
