using Bandit.Ui.Extensions;
using Bandit.Ui.Routing;
using Bandit.Ui.Upstream;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Experiment;

/// <summary>
/// Polls the Router's <c>GET /stats</c> every <see cref="UiOptions.StatsPollInterval"/> into <see cref="StatsHistory"/>,
/// so the Experiment page can draw traffic share and CTR over time. A Router that is down is logged once when it
/// goes down and once when it is back, not on every poll.
/// </summary>
public sealed class StatsSampler(IServiceScopeFactory scopes, StatsHistory history, IOptions<UiOptions> options, TimeProvider time, ILogger<StatsSampler> logger)
    : BackgroundService
{
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StatsPollInterval, time);
        do
        {
            await SampleOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One poll: a sample on success, the readable error on failure.</summary>
    public async Task SampleOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var router = scope.ServiceProvider.GetRequiredService<RouterClient>();
        try
        {
            var stats = await router.GetStatsAsync(cancellationToken);
            history.Add(StatsSample.From(time.GetUtcNow(), stats));
            if (_failing)
            {
                _failing = false;
                UiLog.StatsPollRecovered(logger, router.BaseAddress);
            }
        }
        catch (UpstreamException e)
        {
            history.Failed(time.GetUtcNow(), e.Message);
            if (!_failing)
            {
                _failing = true;
                UiLog.StatsPollFailed(logger, e.Message);
            }
        }
    }
}
