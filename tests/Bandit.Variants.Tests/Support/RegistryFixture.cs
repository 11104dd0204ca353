using Bandit.TestSupport;
using Bandit.Mlflow;
using Bandit.Registry;

namespace Bandit.Variants.Tests.Support;

/// <summary>
/// One local registry (<see cref="LocalRegistryServer"/>: MLflow's REST API on a free loopback port, temporary data
/// folder) for every test of the collection, with both test model packages built up front. Tests keep apart by
/// registering their own model names (<see cref="NewModelName"/>).
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public LocalRegistryServer Server { get; } = new();

    private readonly SemaphoreSlim _servingLock = new(1, 1);
    private VariantsApplication? _serving;

    public Uri TrackingUri => Server.TrackingUri;

    /// <summary>A plain client (no retry pipeline) for arranging registry state.</summary>
    public MlflowClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.StartAsync();
        Client = new MlflowClient(new HttpClient { BaseAddress = Server.TrackingUri });
        _ = TestModels.Logistic;
        _ = TestModels.LightGbm;
    }

    /// <summary>A registered-model name no other test uses.</summary>
    public static string NewModelName() => "movielens_ctr_ab_" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Registers one good version per package, in order, and returns them.</summary>
    public async Task<IReadOnlyList<ModelVersion>> PublishAsync(string modelName, params TestModelPackage[] packages)
    {
        var versions = new List<ModelVersion>();
        foreach (var package in packages)
        {
            versions.Add(await ModelPublisher.PublishAsync(Client, modelName, package));
        }

        return versions;
    }

    /// <summary>The webhook secret of the shared variant (<see cref="ServingVariantAsync"/>).</summary>
    public const string ServingWebhookSecret = "shared-variant-webhook-secret-7f3a";

    /// <summary>
    /// One variant, alias <c>PolicyA</c> on a logistic-regression version, shared by the tests that only read from it
    /// (validation, ranking, headers); started on first use. It polls hourly, so its poll count moves only on a
    /// verified webhook (<see cref="ServingWebhookSecret"/>).
    /// </summary>
    public async Task<VariantsApplication> ServingVariantAsync()
    {
        await _servingLock.WaitAsync();
        try
        {
            if (_serving is null)
            {
                var name = NewModelName();
                var version = (await PublishAsync(name, TestModels.Logistic))[0].Version;
                await Client.SetAliasAsync(name, "PolicyA", version);
                var variant = new VariantsApplication(TrackingUri, name, "PolicyA", pollInterval: TimeSpan.FromHours(1), webhookSecret: ServingWebhookSecret, maxBackoff: TimeSpan.FromHours(1));
                await variant.WaitForVersionAsync(version, TimeSpan.FromSeconds(30));
                _serving = variant;
            }

            return _serving;
        }
        finally
        {
            _servingLock.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_serving is not null)
        {
            await _serving.DisposeAsync();
        }

        await Server.DisposeAsync();
        _servingLock.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    /// <summary>Every test class that needs the registry joins this collection; they run one after another, so timing
    /// bounds (a swap within 10 s) are not measured on a machine busy with other classes.</summary>
    public const string Name = "registry";
}
