using System.Security.Cryptography;
using System.Text;
using Bandit.Contracts;
using BenchmarkDotNet.Attributes;
using Bandit.Allocation;

namespace Bandit.Benchmarks;

/// <summary>
/// The Router's per-request decision: <c>Choose</c> for each strategy over 2 and 3 arms from a prebuilt snapshot
/// (goal: under 2 µs for every non-contextual strategy), the contextual one (linear Thompson sampling over the
/// 10-dimensional <see cref="Bandit.MovieLens.Features.UserContext"/>, its propensity by quadrature for 3 arms)
/// beside them, and a floor measured in the same run: one draw from the shared generator, the least a randomised
/// decision does. Also the decision id it signs and verifies, the snapshot build the Router does every few
/// seconds, and the MAC inside the decision id two ways (one-shot HMAC-SHA256, which keys a new context per call,
/// vs the reused keyed context <see cref="DecisionToken"/> keeps per thread).
/// <c>dotnet run -c Release --project Benchmarks -- bdn --filter '*Decision*' --job short</c>
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private static readonly byte[] _secret = Encoding.UTF8.GetBytes("benchmark-secret-of-32-bytes-000");
    private static readonly string[] _userKeys = [.. Enumerable.Range(0, 1024).Select(i => $"user-{i}")];
    private readonly IRandomSource _random = SharedRandomSource.Instance;
    private readonly IAllocationStrategy _hash = AllocationStrategies.Get(StrategyNames.Hash);
    private readonly IAllocationStrategy _thompson = AllocationStrategies.Get(StrategyNames.Thompson);
    private readonly IAllocationStrategy _ucb1 = AllocationStrategies.Get(StrategyNames.Ucb1);
    private readonly IAllocationStrategy _epsilonGreedy = AllocationStrategies.Get(StrategyNames.EpsilonGreedy);
    private readonly IAllocationStrategy _discounted = AllocationStrategies.Get(StrategyNames.DiscountedThompson);
    private readonly IAllocationStrategy _linear = AllocationStrategies.Get(StrategyNames.LinearThompson);
    private ArmStats[] _stats = [];
    private RouterConfig _config = RouterConfig.Default;
    private PosteriorSnapshot _snapshot = null!;
    private PosteriorSnapshot _discountedSnapshot = null!;
    private PosteriorSnapshot _linearSnapshot = null!;
    private double[][] _contexts = [];
    private readonly byte[] _payload = new byte[60];
    private readonly byte[] _mac = new byte[32];
    private IncrementalHash _hmac = null!;
    private string _token = "";
    private int _user;

    /// <summary>Arms in the experiment.</summary>
    [Params(2, 3)]
    public int Arms { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_config, _stats) = DecisionBenchmarkData.Experiment(Arms);
        _snapshot = PosteriorSnapshot.Create(_config, _stats);
        _discountedSnapshot = PosteriorSnapshot.Create(_config.WithStrategy(StrategyNames.DiscountedThompson), _stats);
        (_linearSnapshot, _contexts) = DecisionBenchmarkData.Linear(_config, seed: 7);
        _token = CreateDecisionToken();
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
    }

    [GlobalCleanup]
    public void Cleanup() => _hmac.Dispose();

    [Benchmark]
    public int MacOneShot() => HMACSHA256.HashData(_secret, _payload, _mac);

    [Benchmark]
    public int MacReusedContext()
    {
        _hmac.AppendData(_payload);
        return _hmac.GetHashAndReset(_mac);
    }

    [Benchmark]
    public ArmChoice ChooseHash() => _hash.Choose(new DecisionContext(_snapshot, _userKeys[_user++ & 1023], _random));

    [Benchmark(Baseline = true)]
    public ArmChoice ChooseThompson() => _thompson.Choose(new DecisionContext(_snapshot, "u", _random));

    [Benchmark]
    public ArmChoice ChooseUcb1() => _ucb1.Choose(new DecisionContext(_snapshot, "u", _random));

    [Benchmark]
    public ArmChoice ChooseEpsilonGreedy() => _epsilonGreedy.Choose(new DecisionContext(_snapshot, "u", _random));

    [Benchmark]
    public ArmChoice ChooseDiscountedThompson() => _discounted.Choose(new DecisionContext(_discountedSnapshot, "u", _random));

    /// <summary>Contextual: O(K·d²) scores, K normal draws and the propensity quadrature (closed form for 2 arms).</summary>
    [Benchmark]
    public ArmChoice ChooseLinearThompson() => _linear.Choose(new DecisionContext(_linearSnapshot, "u", _random, Features: _contexts[_user++ & 63]));

    /// <summary>The floor: one uniform draw from the shared generator.</summary>
    [Benchmark]
    public double FloorOneRandomDraw() => _random.Current.NextDouble();

    [Benchmark]
    public string CreateDecisionToken() =>
        DecisionToken.Create(_secret, _snapshot.ExperimentKey, RegistryNames.PolicyB, 0.93, DateTimeOffset.UnixEpoch, _random);

    [Benchmark]
    public bool ParseDecisionToken() => DecisionToken.TryParse(_secret, _token, out _, out _);

    [Benchmark]
    public PosteriorSnapshot BuildSnapshot() => PosteriorSnapshot.Create(_config, _stats);
}
