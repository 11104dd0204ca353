using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bandit.Allocation;

namespace Bandit.Benchmarks;

/// <summary>
/// The Router's per-request decision: <c>Choose</c> for each strategy over 2 arms from a prebuilt snapshot
/// (goal: under 2 µs), the decision id it signs and verifies, and the snapshot build the Router does every
/// few seconds; and the MAC inside the decision id two ways (one-shot HMAC-SHA256, which keys a new context per call, vs
/// the reused keyed context <see cref="DecisionToken"/> keeps per thread), same run, same load.
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
    private readonly ArmStats[] _stats = [new("PolicyA", 12_000, 11_500, 620), new("PolicyB", 12_500, 12_000, 790)];
    private PosteriorSnapshot _snapshot = null!;
    private readonly byte[] _payload = new byte[60];
    private readonly byte[] _mac = new byte[32];
    private IncrementalHash _hmac = null!;
    private string _token = "";
    private int _user;

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = PosteriorSnapshot.Create(RouterConfig.Default, _stats);
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
    public string CreateDecisionToken() =>
        DecisionToken.Create(_secret, _snapshot.ExperimentKey, "PolicyB", 0.93, DateTimeOffset.UnixEpoch, _random);

    [Benchmark]
    public bool ParseDecisionToken() => DecisionToken.TryParse(_secret, _token, out _, out _);

    [Benchmark]
    public PosteriorSnapshot BuildSnapshot() => PosteriorSnapshot.Create(RouterConfig.Default, _stats);
}
