using Bandit.Mlflow;
using Bandit.Router.Common;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Experiment.Registry;

/// <summary>
/// Reads the version behind every arm alias of the live config every <c>Router:ConfigPollInterval</c> into
/// <see cref="ArmVersions"/>; a failed read keeps the last known version (the registry being down changes nothing served,
/// and no error stops the loop: a crashed background service would stop the Router).
/// </summary>
public sealed class ArmVersionFollower(MlflowClient client, ArmVersions versions, LiveExperiment live, IOptions<RouterOptions> options, TimeProvider time, ILogger<ArmVersionFollower> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ConfigPollInterval, time);
        do
        {
            await ReadOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task ReadOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var alias in live.Current.Config.Arms.Select(a => a.Alias).Distinct(StringComparer.Ordinal))
        {
            try
            {
                versions.Set(alias, (await client.TryGetModelVersionByAliasAsync(options.Value.ArmModel, alias, cancellationToken).ConfigureAwait(false))?.Version);
            }
            catch (Exception e) when (e is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
            {
                RouterLog.ArmVersionReadFailed(logger, options.Value.ArmModel, alias, e);
            }
        }
    }
}
