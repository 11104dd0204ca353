using Bandit.Mlflow;
using Bandit.Router.Common;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Experiment.Registry;

/// <summary>
/// Reads the version behind every arm alias of the live config every <c>Router:ConfigPollInterval</c> into
/// <see cref="ArmVersions"/>; a failed read keeps the last known version (the registry being down changes nothing served,
/// and no error stops the loop: a crashed background service would stop the Router). A change it sees is handed to
/// <see cref="AliasMover.RecordExternalAsync"/>, which records it once across replicas unless the product made it.
/// </summary>
public sealed class ArmVersionFollower(MlflowClient client, ArmVersions versions, LiveExperiment live, AliasMover mover, IOptions<RouterOptions> options, TimeProvider time, ILogger<ArmVersionFollower> logger) : BackgroundService
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

    public Task ReadOnceAsync(CancellationToken cancellationToken) => ReadAsync(live.Current.Config.Arms.Select(a => a.Alias), cancellationToken);

    /// <summary>
    /// Reads the versions of <paramref name="aliases"/> now. <see cref="RouterConfigFollower"/> calls it for a config's
    /// arms before making the config live, so an arm it adds records its version from its first decision instead of
    /// counting, until the next poll, only in the arm's totals (invisible in the version's evidence and in <c>/stats</c>).
    /// </summary>
    public async Task ReadAsync(IEnumerable<string> aliases, CancellationToken cancellationToken)
    {
        foreach (var alias in aliases.Distinct(StringComparer.Ordinal))
        {
            try
            {
                var known = versions.VersionOf(alias);
                var now = (await client.TryGetModelVersionByAliasAsync(options.Value.ArmModel, alias, cancellationToken).ConfigureAwait(false))?.Version;
                versions.Set(alias, now);
                // A change this replica did not make (AliasMover sets the new version at once): the product's moves are
                // claimed before they happen, so what is left to claim here is a move made outside.
                if (known is not null && now is not null && known != now)
                {
                    await mover.RecordExternalAsync(options.Value.ArmModel, alias, known, now, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
            {
                RouterLog.ArmVersionReadFailed(logger, options.Value.ArmModel, alias, e);
            }
        }
    }
}
