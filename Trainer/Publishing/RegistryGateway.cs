using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow;
using Bandit.Mlflow.Publishing;

namespace Bandit.Trainer.Publishing;

/// <summary>The Trainer's reads and alias writes against the registry: reachability, idempotence lookups, aliases, router config.</summary>
public sealed class RegistryGateway(MlflowClient client)
{
    public MlflowClient Client { get; } = client;

    /// <summary>Fails fast, before any training, when the server does not answer an MLflow call.</summary>
    public async Task<bool> CheckReachableAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            return await Client.GetExperimentByNameAsync(RegistryNames.PolicyExperiment, timeout.Token) is not null;
        }
        catch (Exception e) when (e is HttpRequestException or MlflowException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var why = e switch
            {
                HttpRequestException h => h.InnerException?.Message ?? h.Message,
                MlflowException m => $"it answered {(int)m.StatusCode} {m.ErrorCode}: {m.MlflowMessage}",
                _ => "no answer within 15 s",
            };
            throw new MlflowUnavailableException($"MLflow at {Client.TrackingUri} is unreachable: {why}", e);
        }
    }

    /// <summary>The versions of <see cref="RegistryNames.PolicyModel"/> that carry this fingerprint, by policy (the newest wins).</summary>
    public async Task<IReadOnlyDictionary<string, ModelVersion>> FindByFingerprintAsync(string fingerprint, CancellationToken cancellationToken)
    {
        var versions = await Client.SearchAllModelVersionsAsync(RegistryNames.PolicyModel, cancellationToken: cancellationToken);
        var found = new Dictionary<string, ModelVersion>(StringComparer.Ordinal);
        foreach (var version in versions.OrderBy(v => v.VersionNumber))
        {
            if (Tag(version, RegistryTags.Fingerprint) == fingerprint && Tag(version, RegistryTags.Policy) is { } policy)
            {
                found[policy] = version;
            }
        }

        return found;
    }

    /// <summary>Applies <see cref="AliasDecision"/> for one alias and returns its message.</summary>
    public async Task<string> EnsureAliasAsync(string alias, string version, bool promote, CancellationToken cancellationToken)
    {
        var current = await Client.TryGetModelVersionByAliasAsync(RegistryNames.PolicyModel, alias, cancellationToken);
        var decision = AliasDecision.Decide(RegistryNames.PolicyModel, alias, current?.Version, version, promote);
        if (decision.Set)
        {
            await Client.SetAliasAsync(RegistryNames.PolicyModel, alias, version, cancellationToken);
        }

        return decision.Message;
    }

    /// <summary>Registers <see cref="RouterConfig.Default"/> as a <see cref="RegistryNames.RouterModel"/> version (the
    /// <see cref="RouterConfigFlavor"/>) with alias <see cref="RegistryNames.RouterAlias"/> when the alias does not exist
    /// yet; otherwise leaves the live config alone.</summary>
    public async Task<string> EnsureRouterConfigAsync(CancellationToken cancellationToken)
    {
        var current = await Client.TryGetModelVersionByAliasAsync(RegistryNames.RouterModel, RegistryNames.RouterAlias, cancellationToken);
        if (current is not null)
        {
            return $"{RegistryNames.RouterModel}@{RegistryNames.RouterAlias} exists (v{current.Version}): left as is";
        }

        var tags = new Dictionary<string, string> { [RegistryTags.Source] = "trainer", [RegistryTags.Strategy] = RouterConfig.Default.Strategy };
        var published = await new ModelPublisher(Client).PublishFilesAsync(RegistryNames.RouterExperiment, "router-config-default",
            RouterConfigFlavor.Files(RouterConfig.Default.ToJson()), RouterConfigFlavor.Flavors(), RegistryNames.RouterModel, tags, RegistryNames.RouterAlias, cancellationToken);
        return $"{RegistryNames.RouterModel}@{RegistryNames.RouterAlias} set to v{published.Version.Version} (default config: {RouterConfig.Default.Strategy})";
    }

    public static string? Tag(ModelVersion version, string key) => version.Tags.FirstOrDefault(t => t.Key == key)?.Value;
}
