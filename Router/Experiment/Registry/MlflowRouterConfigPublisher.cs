using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow;
using Bandit.Mlflow.Publishing;
using Bandit.Router.Common;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Experiment.Registry;

/// <summary>
/// Publishes a router config the way the Trainer registers one (<see cref="RouterConfigFlavor"/>): a finished run in
/// the experiment named after the config model holding <c>model/MLmodel</c> and <c>model/router_config.json</c>, a new
/// version of the config model from it, then the live alias moved to it through the <see cref="AliasMover"/> (the last
/// step, so followers only ever see complete versions; and recorded like every alias move the Router makes).
/// </summary>
public sealed class MlflowRouterConfigPublisher(MlflowClient client, AliasMover mover, IOptions<RouterOptions> options) : IRouterConfigPublisher
{
    /// <summary>The whole publication, MLflow's own retries included, must finish within this.</summary>
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(20);

    /// <summary>Who a move made with the admin key is attributed to (one shared key: one identity).</summary>
    public const string AdminActor = "admin";

    private readonly RouterOptions _options = options.Value;

    public string SourceUri => ModelUri.ForAlias(_options.ConfigModel, _options.ConfigAlias).ToString();

    public async Task<string> PublishAsync(RouterConfig config, string reason, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var tags = new Dictionary<string, string>
        {
            [RegistryTags.Source] = "router-admin",
            [RegistryTags.Reason] = reason,
            [RegistryTags.Strategy] = config.Strategy,
            ["experiment_key"] = config.ExperimentKey,
        };
        try
        {
            var published = await new ModelPublisher(client).PublishFilesAsync(_options.ConfigModel, $"router-config-{config.Strategy}",
                RouterConfigFlavor.Files(config.ToJson()), RouterConfigFlavor.Flavors(), _options.ConfigModel, tags, alias: null, timeout.Token).ConfigureAwait(false);
            await mover.MoveAsync(_options.ConfigModel, _options.ConfigAlias, published.Version.Version, reason, AdminActor, timeout.Token).ConfigureAwait(false);
            return published.Version.Version;
        }
        catch (Exception e) when (e is MlflowException or HttpRequestException or TimeoutException or InvalidOperationException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new RegistryUnavailableException(e is OperationCanceledException ? $"no answer within {_timeout.TotalSeconds:0} s." : e.Message, e);
        }
    }
}
