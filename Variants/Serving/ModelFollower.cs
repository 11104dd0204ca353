using Bandit.Mlflow.Watching;

namespace Bandit.Variants.Serving;

/// <summary>Runs the alias watcher for the life of the service; the first poll (and so the first load) starts at once.</summary>
public sealed class ModelFollower(AliasWatcher watcher) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => watcher.RunAsync(stoppingToken);
}
