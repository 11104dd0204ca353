using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;

namespace Bandit.Router.Tests.Api;

/// <summary>
/// One in-memory Router with every public route mapped: admin key, webhook secret, and a registry address nobody
/// listens on (so the webhook route exists; the embedded config stays live).
/// </summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public const string AdminKey = "bad-input-admin-key-0123456789";
    public const string WebhookSecret = "bad-input-webhook-secret";

    private readonly VariantPair _variants = new();
    private RunningRouter? _router;

    public RouterConfig Config { get; } = TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag());

    public RouterClient Client => _router!.Client;

    public async Task InitializeAsync()
    {
        await _variants.InitializeAsync();
        _router = await RunningRouter.StartAsync(new RouterSettings().WithVariants(_variants.A, _variants.B).WithConfig(Config)
            .Set("MLFLOW_TRACKING_URI", $"http://127.0.0.1:{FreePort.Next()}/")
            .Set("Router:AdminKey", AdminKey)
            .Set("Router:WebhookSecret", WebhookSecret));
    }

    public async Task DisposeAsync()
    {
        await _router!.DisposeAsync();
        await _variants.DisposeAsync();
    }
}
