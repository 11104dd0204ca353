using Bandit.TestSupport;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Tests.Support;

namespace Bandit.Router.Tests.Api;

/// <summary>One Router with in-memory state and Thompson sampling in front of two fake variants.</summary>
public sealed class InMemoryRouterFixture : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";

    private RunningRouter? _router;

    public VariantPair Variants { get; } = new();

    public string Tag { get; } = TestConfigs.NewTag();

    public RouterConfig Config => TestConfigs.TwoArms(StrategyNames.Thompson, Tag);

    public RouterClient Client => _router!.Client;

    public LocalRouterServer Server => _router!.Server;

    public async Task InitializeAsync()
    {
        await Variants.InitializeAsync();
        _router = await RunningRouter.StartAsync(new RouterSettings().WithVariants(Variants.A, Variants.B).WithConfig(Config).Set("Router:AdminKey", AdminKey));
    }

    public async Task DisposeAsync()
    {
        if (_router is not null)
        {
            await _router.DisposeAsync();
        }

        await Variants.DisposeAsync();
    }
}
