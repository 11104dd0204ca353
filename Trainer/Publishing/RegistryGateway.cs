using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Contracts.Flavors;
using Bandit.Mlflow;
using Bandit.Mlflow.Publishing;
using Bandit.Trainer.Cli;

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
            // A search answers 200 on any MLflow with a registry. The experiment lookup alone did not prove that: it
            // reads a 404 as "no such experiment", and any web server answers 404 to a path it does not know.
            await Client.SearchRegisteredModelsAsync(maxResults: 1, cancellationToken: timeout.Token);
            return await Client.GetExperimentByNameAsync(RegistryNames.PolicyExperiment, timeout.Token) is not null;
        }
        catch (Exception e) when (e is HttpRequestException or MlflowException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var why = e switch
            {
                HttpRequestException h => h.InnerException?.Message ?? h.Message,
                MlflowException { ErrorCode: null } m => $"it answered {(int)m.StatusCode} without MLflow's JSON error body (is it an MLflow server?)",
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

    /// <summary>
    /// Makes the live router config (<see cref="RegistryNames.RouterModel"/>@<see cref="RegistryNames.RouterAlias"/>) serve <paramref name="arms"/>: registers
    /// <see cref="RouterConfig.Default"/> with these arms when the alias does not exist yet; leaves a live config with
    /// the same arms alone (its strategy and weights are the operator's); and gives a live config with another arm
    /// set (an arm declared or removed in the AppHost) a new version with these arms, equal weights and the rest kept.
    /// Null arms (no <c>--arms</c>, e.g. a Trainer run by hand) leave any live config alone and default a missing one.
    /// </summary>
    public async Task<string> EnsureRouterConfigAsync(IReadOnlyList<ArmConfig>? arms, CancellationToken cancellationToken)
    {
        const string live = $"{RegistryNames.RouterModel}@{RegistryNames.RouterAlias}";
        var current = await Client.TryGetModelVersionByAliasAsync(RegistryNames.RouterModel, RegistryNames.RouterAlias, cancellationToken);
        RouterConfig config;
        string why;
        if (current is null || arms is null)
        {
            if (current is not null)
            {
                return $"{live} exists (v{current.Version}): left as is (no --arms given)";
            }

            arms ??= RouterConfig.Default.Arms;
            (config, why) = (RouterConfig.Default with { Arms = arms }, "default config");
        }
        else
        {
            var json = await ReadRouterConfigJsonAsync(current.Version, cancellationToken);
            if (!RouterConfig.TryParse(json, out var previous, out var errors) || previous is null)
            {
                (config, why) = (RouterConfig.Default with { Arms = arms }, $"v{current.Version} was unusable ({string.Join(" ", errors)}); default config");
            }
            else if (ArmList.SameArms(previous.Arms, arms))
            {
                return $"{live} exists (v{current.Version}, arms {ArmList.Format(arms)}): left as is";
            }
            else
            {
                (config, why) = (previous with { Arms = arms }, $"arms {ArmList.Format(previous.Arms)} of v{current.Version} replaced, {previous.Strategy} kept");
            }
        }

        var tags = new Dictionary<string, string> { [RegistryTags.Source] = "trainer", [RegistryTags.Strategy] = config.Strategy, ["arms"] = ArmList.Format(arms) };
        var published = await new ModelPublisher(Client).PublishFilesAsync(RegistryNames.RouterExperiment, "router-config-" + arms.Count + "-arms",
            RouterConfigFlavor.Files(config.ToJson()), RouterConfigFlavor.Flavors(), RegistryNames.RouterModel, tags, RegistryNames.RouterAlias, cancellationToken);
        return $"{live} set to v{published.Version.Version} ({why}: {config.Strategy} over {ArmList.Format(arms)})";
    }

    /// <summary>The config JSON of a router config version: <c>MLmodel</c> first, then the file its flavor names.</summary>
    private async Task<string> ReadRouterConfigJsonAsync(string version, CancellationToken cancellationToken)
    {
        var resolved = await Client.ResolveModelUriAsync($"{ModelUri.Prefix}{RegistryNames.RouterModel}/{version}", cancellationToken);
        var mlmodel = MlModelFile.Parse(System.Text.Encoding.UTF8.GetString(await Client.DownloadArtifactAsync(resolved.ArtifactUri, MlModelFile.FileName, cancellationToken)));
        var file = RouterConfigFlavor.ConfigFileOf(mlmodel.Flavors);
        return System.Text.Encoding.UTF8.GetString(await Client.DownloadArtifactAsync(resolved.ArtifactUri, file, cancellationToken));
    }

    public static string? Tag(ModelVersion version, string key) => version.Tags.FirstOrDefault(t => t.Key == key)?.Value;
}
