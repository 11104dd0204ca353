using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Bandit.Ui.Tests.Support;

/// <summary>
/// Page tests against the real Ui with a fresh counting <see cref="FakeRouter"/> per test and the collection's local
/// registry. <see cref="Ui"/> reads the registry's seeded model, made on first use (xUnit makes one instance per test, so
/// one Ui per test); <see cref="NewUi"/> makes another against the same Router, which the test disposes.
/// </summary>
public abstract class FakeRouterPageTests(RegistryFixture registry) : IAsyncLifetime
{
    protected RegistryFixture Registry { get; } = registry;

    private UiApplication? _ui;

    protected FakeRouter Router { get; private set; } = null!;

    /// <summary>The Ui on the seeded model; a test may replace it (a restart), and the last one is disposed.</summary>
    protected UiApplication Ui
    {
        get => _ui ??= NewUi();
        set => _ui = value;
    }

    public virtual async Task InitializeAsync() => Router = await FakeRouter.StartAsync();

    public async Task DisposeAsync()
    {
        if (_ui is not null)
        {
            await _ui.DisposeAsync();
        }

        await Router.DisposeAsync();
    }

    /// <summary>A Ui on this test's Router: the seeded model unless another is named, the local registry unless another address is given.</summary>
    protected UiApplication NewUi(string? modelName = null, Uri? trackingUri = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(Router.BaseAddress, trackingUri ?? Registry.TrackingUri, modelName: modelName ?? Registry.Seeded.ModelName, settings: settings);

    /// <summary>Four decisions straight at the fake Router (alternating arms from its total), then the given (decision index, reward) pairs.</summary>
    protected async Task TrafficAsync((int Decision, int Reward)[] clicks)
    {
        using var http = new HttpClient { BaseAddress = Router.BaseAddress };
        var decisions = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var answer = await (await http.PostAsJsonAsync("choose", new { userId = i + 1, k = 3 })).Content.ReadFromJsonAsync<JsonObject>();
            decisions.Add(answer!["decisionId"]!.GetValue<string>());
        }

        foreach (var (decision, reward) in clicks)
        {
            await http.PostAsJsonAsync("update", new { decisionId = decisions[decision], reward });
        }
    }
}
