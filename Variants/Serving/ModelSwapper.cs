using Bandit.Mlflow.Watching;
using Bandit.Variants.Extensions;

namespace Bandit.Variants.Serving;

/// <summary>
/// The <see cref="AliasWatcher"/>'s change handler: loads the version the alias now points at and swaps it in.
/// A failed load leaves the old model serving, is recorded (<see cref="ModelHolder.LastFailure"/>, a metric, a log
/// line) and rethrown so the watcher tries again with backoff. A removed alias keeps the old model too.
/// </summary>
public sealed class ModelSwapper(ModelHolder holder, ModelLoader loader, VariantsTelemetry telemetry, TimeProvider time, ILogger<ModelSwapper> logger)
{
    public async Task HandleAsync(AliasChange change, CancellationToken cancellationToken)
    {
        var serving = holder.Current;
        if (change.Current is not { } version)
        {
            VariantsLog.AliasRemoved(logger, change.Alias, change.ModelName, serving?.Version.Version);
            return;
        }

        if (serving?.Version.Version == version.Version)
        {
            return; // the alias came back to what is served
        }

        VariantsLog.Loading(logger, version.Name, version.Version, change.Alias);
        LoadedModel loaded;
        try
        {
            loaded = await loader.LoadAsync(version, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            holder.ReportFailure(new LoadFailure(version.Version, e.Message, time.GetUtcNow()));
            telemetry.LoadFailed();
            VariantsLog.LoadFailed(logger, version.Name, version.Version, serving?.Version.Version, e.Message);
            throw;
        }

        var previous = holder.Swap(loaded);
        telemetry.Swapped();
        VariantsLog.Swapped(logger, version.Name, version.Version, loaded.Flavor.Trainer, loaded.RunId, change.Alias, previous?.Version.Version, loaded.LoadDuration);
    }
}
