using Bandit.Allocation;
using Bandit.Mlflow;
using Bandit.Router.Common;
using Bandit.Router.Store;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Experiment.Stats;

/// <summary>
/// Every <c>Router:ExportInterval</c> (0 = off), writes the live experiment's per-arm metrics — pulls, updates, CTR,
/// posterior mean, P(best) (these three only once the arm has a rewarded decision), traffic share — as one step of an MLflow run: one run per experiment key, named
/// <c>online-&lt;key&gt;</c> in the experiment <c>Router:ExportExperiment</c>, found again after a restart by its tag.
/// The step is the experiment's total pulls, so steps from several replicas line up; nothing is written when no
/// decision was made and no reward arrived since the last export (rewards after the last decision are written at its
/// step, or an arm's first click would never reach its CTR and P(best)). Runs in the background: MLflow being down only delays the next export.
/// </summary>
public sealed class MlflowExporter(
    MlflowClient client,
    LiveExperiment live,
    IBanditStore store,
    IOptions<RouterOptions> options,
    TimeProvider time,
    ILogger<MlflowExporter> logger) : BackgroundService
{
    /// <summary>The run tag that names the experiment key.</summary>
    public const string ExperimentKeyTag = "bandit_experiment_key";

    private readonly Dictionary<string, string> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Pulls, long Updates)> _last = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ExportInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var state = live.Current;
            try
            {
                await ExportOnceAsync(state, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                RouterLog.ExportFailed(logger, state.ExperimentKey, e);
            }
        }
    }

    /// <summary>Writes one step for <paramref name="state"/>'s experiment; returns false when there was nothing new.</summary>
    public async Task<bool> ExportOnceAsync(LiveConfig state, CancellationToken cancellationToken)
    {
        var counters = await store.GetCountersAsync(state.ExperimentKey, state.ArmNames, cancellationToken).ConfigureAwait(false);
        var snapshot = PosteriorSnapshot.Create(state.Config, counters.ToArmStats(state.Config.DiscountHalfLifeSeconds));
        var step = snapshot.Stats.Sum(s => s.Pulls);
        var seen = (step, snapshot.Stats.Sum(s => s.Updates));
        if (_last.TryGetValue(state.ExperimentKey, out var last) && last == seen)
        {
            return false;
        }

        var runId = await RunIdAsync(state, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var shares = state.Window.Shares();
        var metrics = new List<Metric> { new("total_pulls", step, now, step) };
        for (var i = 0; i < snapshot.ArmCount; i++)
        {
            var arm = state.ArmNames[i];
            var stats = snapshot.Stats[i];
            metrics.Add(new Metric($"{arm}.pulls", stats.Pulls, now, step));
            metrics.Add(new Metric($"{arm}.updates", stats.Updates, now, step));
            if (stats.Updates > 0)
            {
                // Before the arm's first rewarded decision its CTR is undefined (not 0) and its posterior and P(best) are
                // the prior's, which would plot like measured figures: the chart has a gap there instead.
                metrics.Add(new Metric($"{arm}.ctr", stats.Ctr, now, step));
                metrics.Add(new Metric($"{arm}.posterior_mean", snapshot.Posteriors[i].Mean, now, step));
                metrics.Add(new Metric($"{arm}.p_best", snapshot.PBest[i], now, step));
            }

            metrics.Add(new Metric($"{arm}.share", shares[i], now, step));
        }

        await client.LogBatchAsync(runId, metrics, tags: [new RunTag("bandit_strategy", state.Strategy.Name), new RunTag("bandit_config_version", state.Version)], cancellationToken: cancellationToken).ConfigureAwait(false);
        _last[state.ExperimentKey] = seen;
        return true;
    }

    private async Task<string> RunIdAsync(LiveConfig state, CancellationToken cancellationToken)
    {
        if (_runs.TryGetValue(state.ExperimentKey, out var cached))
        {
            return cached;
        }

        var experimentId = await client.GetOrCreateExperimentAsync(options.Value.ExportExperiment, cancellationToken).ConfigureAwait(false);
        var found = await client.SearchRunsAsync([experimentId], $"tags.{ExperimentKeyTag} = '{state.ExperimentKey}'", 1, cancellationToken: cancellationToken).ConfigureAwait(false);
        var runId = found.Runs.Count > 0
            ? found.Runs[0].Info.RunId
            : (await client.CreateRunAsync(experimentId, $"online-{state.ExperimentKey}",
                [new RunTag(ExperimentKeyTag, state.ExperimentKey), new RunTag("bandit_arms", string.Join(",", state.ArmNames))], cancellationToken).ConfigureAwait(false)).Info.RunId;
        _runs[state.ExperimentKey] = runId;
        return runId;
    }
}
