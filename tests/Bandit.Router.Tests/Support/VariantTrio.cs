namespace Bandit.Router.Tests.Support;

/// <summary>Three fake variants (PolicyA, PolicyB, PolicyC) for a test class: an experiment with more than two arms.</summary>
public sealed class VariantTrio : IAsyncLifetime
{
    public IReadOnlyList<FakeVariant> All { get; } = [new("PolicyA"), new("PolicyB"), new("PolicyC")];

    public async Task InitializeAsync()
    {
        foreach (var variant in All)
        {
            await variant.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var variant in All)
        {
            await variant.DisposeAsync();
        }
    }
}
