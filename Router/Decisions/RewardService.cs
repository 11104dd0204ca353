using System.Text.Json;
using Bandit.Allocation;
using Bandit.Router.Extensions;
using Bandit.Router.Model;
using Bandit.Router.State;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Decisions;

/// <summary>
/// <c>POST /update</c>: verifies each decision id (HMAC, TTL) before anything is trusted, checks the reward, and
/// records the valid ones in one store round trip. A forged, altered, expired or unknown id changes nothing.
/// </summary>
public sealed class RewardService(IBanditStore store, DecisionSecret secret, LiveExperiment live, IOptions<RouterOptions> options, TimeProvider time)
{
    private readonly TimeSpan _ttl = options.Value.DecisionTtl;

    /// <summary>Checks one JSON element <c>{"decisionId": "...", "reward": 0..1}</c>; the result is null when it is fit to record.</summary>
    public async Task<(RewardRecord? Record, string? Experiment, UpdateResult? Rejected)> CheckAsync(JsonElement element, CancellationToken cancellationToken)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, null, new UpdateResult(null, null, UpdateStatus.Invalid, "each update must be an object like {\"decisionId\": \"...\", \"reward\": 1}."));
        }

        if (!element.TryGetProperty("decisionId", out var idElement) || idElement.ValueKind != JsonValueKind.String)
        {
            return (null, null, new UpdateResult(null, null, UpdateStatus.Invalid, "decisionId is required: the string /choose returned."));
        }

        var token = idElement.GetString()!;
        if (!element.TryGetProperty("reward", out var rewardElement) || rewardElement.ValueKind != JsonValueKind.Number
            || !rewardElement.TryGetDouble(out var reward) || !double.IsFinite(reward) || reward is < 0 or > 1)
        {
            var got = element.TryGetProperty("reward", out var r) ? Clip(r.GetRawText()) : "nothing";
            return (null, null, new UpdateResult(null, null, UpdateStatus.Invalid, $"reward must be a number in [0, 1], got {got}."));
        }

        var key = await secret.GetAsync(cancellationToken).ConfigureAwait(false);
        if (!DecisionToken.TryParse(key, token, _ttl, time.GetUtcNow(), out var claims, out var error))
        {
            return (null, null, new UpdateResult(null, null, UpdateStatus.Unknown, "unknown decision: " + error));
        }

        return (new RewardRecord(claims.Id, claims.Arm, reward, claims.Propensity), claims.ExperimentKey, null);
    }

    /// <summary>Records the checked rewards in one round trip and answers for each, in order.</summary>
    public async Task<UpdateResult[]> RecordAsync(IReadOnlyList<(RewardRecord? Record, string? Experiment, UpdateResult? Rejected, string? Token)> items, CancellationToken cancellationToken)
    {
        var valid = items.Where(i => i.Record is not null).Select(i => (i.Experiment!, i.Record!)).ToArray();
        var outcomes = await store.RecordRewardsAsync(valid, cancellationToken).ConfigureAwait(false);
        var strategy = live.Current.Strategy.Name;
        var results = new UpdateResult[items.Count];
        var next = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var result = item.Record is { } record
                ? new UpdateResult(item.Token, record.Arm, ToStatus(outcomes[next++]))
                : item.Rejected! with { DecisionId = item.Token };
            results[i] = result;
            RouterTelemetry.Rewards.Add(1, new(RouterTelemetry.ArmTag, result.Arm ?? "none"), new(RouterTelemetry.StrategyTag, strategy), new(RouterTelemetry.StatusTag, result.Status));
        }

        return results;
    }

    private static string ToStatus(RewardOutcome outcome) => outcome switch
    {
        RewardOutcome.Recorded => UpdateStatus.Recorded,
        RewardOutcome.Duplicate => UpdateStatus.Duplicate,
        RewardOutcome.Stale => UpdateStatus.Stale,
        _ => UpdateStatus.Unknown,
    };

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
