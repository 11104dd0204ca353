using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Experiment;
using Bandit.Router.Common;
using Bandit.Router.Store;
using Bandit.Router.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// The sample-ratio check through <c>/stats</c> on a real Router: a fair 50/50 hash split raises nothing; the same split
/// with half of one arm's decisions losing their pull (recorded as failures, as a crashing variant would) is flagged,
/// the alarm counted once however often it is read.
/// </summary>
public sealed class SampleRatioTests : IAsyncLifetime
{
    private const int Users = 400;
    private readonly VariantPair _variants = new();
    // A fixed tag: the salt, hence each user's bucket, is the same in every run (the "fixed seed" of a hash split).
    private readonly RouterConfig _config = TestConfigs.TwoArms(StrategyNames.Hash, "srm00001");
    private RunningRouter? _router;

    public async Task InitializeAsync()
    {
        await _variants.InitializeAsync();
        _router = await RunningRouter.StartAsync(new RouterSettings().WithVariants(_variants.A, _variants.B).WithConfig(_config));
        for (var user = 1; user <= Users; user++)
        {
            await _router.Client.ChooseAsync(user);
        }
    }

    public async Task DisposeAsync()
    {
        await _router!.DisposeAsync();
        await _variants.DisposeAsync();
    }

    [Fact]
    public async Task Stats_FairHashSplit_NoAlarm()
    {
        var srm = (await _router!.Client.GetJsonAsync("/stats")).GetProperty("srm");

        // The promise is exactly n × weight. Under a random salt the 400 assignments are Binomial(400, ½) and Pearson's χ²
        // on 1 df exceeds 10.83 (p < 0.001) with probability ≈ 0.001; this salt is fixed.
        Assert.Equal([Users / 2.0, Users / 2.0], srm.GetProperty("expected").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(Users, srm.GetProperty("observed").EnumerateArray().Sum(e => e.GetDouble()));
        Assert.False(srm.GetProperty("flagged").GetBoolean(), $"p = {srm.GetProperty("pValue").GetDouble()}");
        Assert.Equal(SampleRatioMismatch.MinimumPulls, srm.GetProperty("minimumPulls").GetDouble());
    }

    [Fact]
    public async Task Stats_HalfOfOneArmsDecisionsLoseTheirPull_FlaggedAndCountedOnce()
    {
        var alarms = new ConcurrentQueue<object?>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RouterTelemetry.Name && instrument.Name == SrmMonitor.MeterCounterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == RouterTelemetry.ExperimentTag && Equals(tag.Value, _config.ExperimentKey))
                {
                    alarms.Enqueue(tag.Value);
                }
            }
        });
        meters.Start();
        var store = _router!.Server.Services.GetRequiredService<IBanditStore>();
        var armB = _config.Arms[1].Name;
        var ofB = (await store.ReadEventsAsync(_config.ExperimentKey, 10_000)).Where(e => e.Type == BanditEventTypes.Decision && e.Arm == armB).ToList();

        // ≈ 200 decisions of B, every 2nd taking its pull back: ≈ 200 / 100 observed against 200 / 200 promised,
        // rescaled to 300: χ² ≈ 2 · 50²/150 ≈ 33 on 1 df, p ≈ 1e-8.
        for (var i = 0; i < ofB.Count; i += 2)
        {
            Assert.True(await store.RecordFailureAsync(_config.ExperimentKey, ofB[i].DecisionId!, armB, "injected"));
        }

        var first = (await _router.Client.GetJsonAsync("/stats")).GetProperty("srm");
        var second = (await _router.Client.GetJsonAsync("/stats")).GetProperty("srm");

        Assert.True(first.GetProperty("flagged").GetBoolean(), $"p = {first.GetProperty("pValue").GetDouble()}");
        Assert.True(first.GetProperty("pValue").GetDouble() < 1e-6);
        Assert.True(second.GetProperty("flagged").GetBoolean());
        Assert.Equal(Users - ((ofB.Count + 1) / 2), first.GetProperty("observed").EnumerateArray().Sum(e => e.GetDouble()));
        Assert.Single(alarms); // one onset, however often /stats is read
    }
}
