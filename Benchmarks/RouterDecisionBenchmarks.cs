using System.Diagnostics.CodeAnalysis;
using System.Text;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Choosing;
using Bandit.Router.Common;
using Bandit.Router.Experiment;
using Bandit.Router.Store;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Bandit.Benchmarks;

/// <summary>
/// The Router's own decision path per <c>/choose</c>, without HTTP: the cached posterior snapshot, the healthy-arm
/// mask, the strategy and the signed decision id (<see cref="DecisionMaker"/>), and recording the decision in the
/// in-memory store. Goal: under 2 µs for every non-contextual strategy, 2 and 3 arms. The contextual strategy's row
/// (linear Thompson over the Router's context, dimension 1 + 2K, with its exact propensity) is printed beside them,
/// without a goal; it leaves out the one store read of the user's history that a contextual <c>/choose</c> also makes
/// (a Redis round trip, measured by the HTTP benchmarks). The strategies alone are in <see cref="DecisionBenchmarks"/>.
/// <c>dotnet run -c Release --project Benchmarks -- bdn --filter '*RouterDecision*' --job short</c>
/// </summary>
[MemoryDiagnoser]
public class RouterDecisionBenchmarks
{
    private static readonly byte[] _secret = Encoding.UTF8.GetBytes("benchmark-secret-of-32-bytes-000");
    private static readonly string[] _users = [.. Enumerable.Range(0, 1024).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    private LiveConfig _thompson = null!;
    private LiveConfig _discounted = null!;
    private LiveConfig _hash = null!;
    private LiveConfig _linear = null!;
    private PosteriorSnapshot _linearSnapshot = null!;
    private double[][] _contexts = null!;
    private PosteriorCache _cache = null!;
    private ArmHealth _health = null!;
    private DecisionMaker _maker = null!;
    private InMemoryBanditStore _store = null!;
    private int _user;

    /// <summary>Arms in the experiment.</summary>
    [Params(2, 3)]
    public int Arms { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = Options.Create(new RouterOptions { PosteriorCacheTtl = TimeSpan.FromHours(1) });
        var (config, stats) = DecisionBenchmarkData.Experiment(Arms);
        _store = new InMemoryBanditStore(new BanditStoreSettings(TimeSpan.FromMinutes(1), 10_000));
        _thompson = new LiveConfig(config, "1", "bench", DateTimeOffset.UtcNow, new ArmTrafficWindow(Arms));
        _discounted = new LiveConfig(config.WithStrategy(StrategyNames.DiscountedThompson), "1", "bench", DateTimeOffset.UtcNow, new ArmTrafficWindow(Arms));
        _hash = new LiveConfig(config.WithStrategy(StrategyNames.Hash), "1", "bench", DateTimeOffset.UtcNow, new ArmTrafficWindow(Arms));
        _cache = new PosteriorCache(new FixedStatsStore(_store, stats), options, NullLogger<PosteriorCache>.Instance);
        _cache.LoadAsync(_thompson).GetAwaiter().GetResult();
        _health = new ArmHealth(new HealthyLookup(config), options, TimeProvider.System);
        _maker = new DecisionMaker(SharedRandomSource.Instance, TimeProvider.System);
        _linear = new LiveConfig(config.WithStrategy(StrategyNames.LinearThompson), "1", "bench", DateTimeOffset.UtcNow, new ArmTrafficWindow(Arms));
        (_linearSnapshot, _contexts) = DecisionBenchmarkData.RouterLinear(config, seed: 7);
    }

    [Benchmark(Baseline = true)]
    public Decision DecideThompson() => Decide(_thompson);

    [Benchmark]
    public Decision DecideHash() => Decide(_hash);

    /// <summary>Switching between these two configs re-bases the cached snapshot once per switch; each benchmark uses one.</summary>
    [Benchmark]
    public Decision DecideDiscountedThompson() => Decide(_discounted);

    /// <summary>The contextual decision on a snapshot read with the linear statistics (the cache lookup is the same as above).</summary>
    [Benchmark]
    public Decision DecideLinearThompson()
    {
        var user = _user++;
        return _maker.Decide(_linear, _linearSnapshot, _users[user & 1023], _health.Unavailable(_linear), _secret, _contexts[user & 63]);
    }

    [Benchmark]
    public Task DecideAndRecordInMemory()
    {
        var d = Decide(_thompson);
        return _store.RecordDecisionAsync(d.Experiment, d.ToRecord("u"));
    }

    private Decision Decide(LiveConfig live)
    {
        var snapshot = _cache.GetAsync(live).Result;
        return _maker.Decide(live, snapshot, _users[_user++ & 1023], _health.Unavailable(live), _secret);
    }

    /// <summary>Every arm's cluster has one available destination.</summary>
    private sealed class HealthyLookup : IProxyStateLookup
    {
        private readonly Dictionary<string, ClusterState> _clusters = [];

        public HealthyLookup(RouterConfig config)
        {
            foreach (var arm in config.Arms)
            {
                var cluster = new ClusterState(ArmProxyConfig.ClusterId(arm.Name));
                var destination = new DestinationState(arm.Service);
                cluster.DestinationsState = new ClusterDestinationsState([destination], [destination]);
                _clusters[cluster.ClusterId] = cluster;
            }
        }

        public bool TryGetRoute(string id, [NotNullWhen(true)] out RouteModel? route)
        {
            route = null;
            return false;
        }

        public IEnumerable<RouteModel> GetRoutes() => [];

        public bool TryGetCluster(string id, [NotNullWhen(true)] out ClusterState? cluster) => _clusters.TryGetValue(id, out cluster);

        public IEnumerable<ClusterState> GetClusters() => _clusters.Values;
    }

    /// <summary>The in-memory store, reporting fixed counters so the snapshot has realistic posteriors.</summary>
    private sealed class FixedStatsStore(InMemoryBanditStore inner, ArmStats[] stats) : IBanditStore
    {
        public bool IsShared => false;

        public Task<byte[]> GetOrCreateSecretAsync(byte[]? proposed = null, CancellationToken cancellationToken = default) => inner.GetOrCreateSecretAsync(proposed, cancellationToken);

        public Task RecordDecisionAsync(string experiment, DecisionRecord decision, CancellationToken cancellationToken = default) => inner.RecordDecisionAsync(experiment, decision, cancellationToken);

        public Task<bool> RecordFailureAsync(string experiment, string decisionId, string arm, string reason, CancellationToken cancellationToken = default) => inner.RecordFailureAsync(experiment, decisionId, arm, reason, cancellationToken);

        public Task<RewardOutcome> RecordRewardAsync(string experiment, RewardRecord reward, CancellationToken cancellationToken = default) => inner.RecordRewardAsync(experiment, reward, cancellationToken);

        public Task<IReadOnlyList<RewardOutcome>> RecordRewardsAsync(IReadOnlyList<(string Experiment, RewardRecord Reward)> rewards, CancellationToken cancellationToken = default) => inner.RecordRewardsAsync(rewards, cancellationToken);

        public Task<ExperimentCounters> GetCountersAsync(string experiment, IReadOnlyList<string> arms, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ExperimentCounters(0, [.. stats.Select(s => new ArmCounters(s.Arm, s.Pulls, s.Updates, s.Rewards, 0))],
                [.. stats.Select(s => new DiscountedCounts(s.DiscountedUpdates, s.DiscountedRewards, 0))], 0));

        public Task<ExperimentCounters> GetCountersAsync(string experiment, IReadOnlyList<string> arms, IReadOnlyList<string?> versions, CancellationToken cancellationToken = default) =>
            GetCountersAsync(experiment, arms, cancellationToken); // the fixed counters stand for the live versions

        public Task<IReadOnlyList<VersionCounters>> GetVersionsAsync(string experiment, string arm, CancellationToken cancellationToken = default) => inner.GetVersionsAsync(experiment, arm, cancellationToken);

        public Task<long> ResetAsync(string experiment, IReadOnlyList<string> arms, CancellationToken cancellationToken = default) => inner.ResetAsync(experiment, arms, cancellationToken);

        public Task<IReadOnlyList<BanditEvent>> ReadEventsAsync(string experiment, int count, CancellationToken cancellationToken = default) => inner.ReadEventsAsync(experiment, count, cancellationToken);
    }
}
