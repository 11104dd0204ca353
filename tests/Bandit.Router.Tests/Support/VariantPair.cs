namespace Bandit.Router.Tests.Support;

/// <summary>Two fake variants (PolicyA, PolicyB) for a test class; tests reset failures they set.</summary>
public sealed class VariantPair : IAsyncLifetime
{
    public FakeVariant A { get; } = new("PolicyA");

    public FakeVariant B { get; } = new("PolicyB");

    public async Task InitializeAsync()
    {
        await A.StartAsync();
        await B.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
