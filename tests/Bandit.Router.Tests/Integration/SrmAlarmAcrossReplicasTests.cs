using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Bandit.Router.Common;
using Bandit.Router.Experiment;
using Bandit.Router.Store;
using Bandit.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// The sample-ratio alarm of several Router replicas sharing one Redis: each replica's monitor sees the onset in its own
/// checks, and the alarm (the warning and <c>bandit.router.srm_alarms</c>) is raised once across them, again after a
/// reset (a new epoch), and anyway when the store is down.
/// </summary>
public sealed class SrmAlarmAcrossReplicasTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ConcurrentQueue<string> _alarms = new();
    private readonly MeterListener _listener = new();
    private readonly List<ConnectionMultiplexer> _connections = [];
    private readonly string _experiment = "srm-replicas-" + Guid.NewGuid().ToString("N")[..8];

    // 100 pulls of A and 300 of B, each promised 200: χ² = 2 · 100² / 200 = 100 on 1 df, p ≈ 1e-23, flagged; the same
    // counters with 200 and 200 give χ² = 0.
    private static ExperimentCounters Skewed(long epoch) => new(epoch, [new ArmCounters("A", 100, 0, 0, 0, 200), new ArmCounters("B", 300, 0, 0, 0, 200)]);

    private static ExperimentCounters Fair(long epoch) => new(epoch, [new ArmCounters("A", 200, 0, 0, 0, 200), new ArmCounters("B", 200, 0, 0, 0, 200)]);

    [Fact]
    public async Task ThreeReplicasSeeTheSameOnset_OneAlarm()
    {
        Listen();
        var replicas = new[] { Monitor(), Monitor(), Monitor() };

        foreach (var replica in replicas)
        {
            Assert.True((await replica.CheckAsync(_experiment, Skewed(0))).Srm);
            Assert.True((await replica.CheckAsync(_experiment, Skewed(0))).Srm); // read again: still the same onset
        }

        Assert.Single(_alarms);
    }

    [Fact]
    public async Task OnsetAfterAReset_AlarmsAgain_FlapWithinTheWindow_DoesNot()
    {
        Listen();
        var (first, second) = (Monitor(), Monitor());

        await first.CheckAsync(_experiment, Skewed(0));
        await second.CheckAsync(_experiment, Fair(0));
        await second.CheckAsync(_experiment, Skewed(0)); // the second replica's onset, within the first's window: no alarm
        await first.CheckAsync(_experiment, Fair(0));
        await first.CheckAsync(_experiment, Skewed(0)); // cleared and flagged again within the window: the same incident
        Assert.Single(_alarms);

        await second.CheckAsync(_experiment, Fair(1)); // a reset: epoch 1 starts with fair counts
        await second.CheckAsync(_experiment, Skewed(1));
        Assert.Equal(2, _alarms.Count);
    }

    [Fact]
    public async Task StoreDown_TheOnsetStillAlarms()
    {
        Listen();
        var down = ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false,connectTimeout=200,connectRetry=0");
        _connections.Add(down);
        var monitor = new SrmMonitor(new RedisBanditStore(down, new BanditStoreSettings(TimeSpan.FromMinutes(1), 100)),
            new RouterMetrics(_services.GetRequiredService<IMeterFactory>()), NullLogger<SrmMonitor>.Instance);

        Assert.True((await monitor.CheckAsync(_experiment, Skewed(0))).Srm);
        Assert.Single(_alarms);
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        _services.Dispose();
    }

    private SrmMonitor Monitor()
    {
        var connection = ConnectionMultiplexer.Connect(redis.ConnectionString);
        _connections.Add(connection);
        return new SrmMonitor(new RedisBanditStore(connection, new BanditStoreSettings(TimeSpan.FromMinutes(1), 100)),
            new RouterMetrics(_services.GetRequiredService<IMeterFactory>()), NullLogger<SrmMonitor>.Instance);
    }

    private void Listen()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RouterTelemetry.Name && instrument.Name == SrmMonitor.MeterCounterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == RouterTelemetry.ExperimentTag && Equals(tag.Value, _experiment))
                {
                    _alarms.Enqueue(_experiment);
                }
            }
        });
        _listener.Start();
    }
}
