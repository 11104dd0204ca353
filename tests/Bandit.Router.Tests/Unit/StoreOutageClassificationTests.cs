using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Bandit.Router.Common;
using Bandit.Router.Ledger;
using Bandit.Router.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bandit.Router.Tests.Unit;

/// <summary>
/// Which store errors count as an outage, and that a decision the client already holds is never dropped. The soak run
/// found StackExchange.Redis throwing a bare "Writing is not allowed after writer was completed" while reconnecting.
/// </summary>
public sealed class StoreOutageClassificationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outage-class-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task IsUnavailable_WriteToACompletedPipe_IsAnOutage()
    {
        var pipe = new Pipe();
        await pipe.Writer.CompleteAsync();

        var e = Assert.Throws<InvalidOperationException>(() => pipe.Writer.GetSpan());

        Assert.True(RedisFailures.IsUnavailable(e));
        Assert.True(RedisFailures.IsUnavailable(new RedisException("wrapped", e)));
    }

    [Fact]
    public void IsUnavailable_ConnectionErrors_AreOutages_BadCommandsAndBugsAreNot()
    {
        Assert.True(RedisFailures.IsUnavailable(new RedisConnectionException(ConnectionFailureType.SocketFailure, "down")));
        Assert.True(RedisFailures.IsUnavailable(new RedisServerException("LOADING Redis is loading the dataset in memory")));
        Assert.True(RedisFailures.IsUnavailable(new IOException("reset")));

        Assert.False(RedisFailures.IsUnavailable(new RedisServerException("ERR Error running script")));
        Assert.False(RedisFailures.IsUnavailable(new InvalidOperationException("a bug")));
        Assert.False(RedisFailures.IsUnavailable(new ArgumentException("a bug")));
    }

    [Fact]
    public async Task RedisStore_RedisUnreachable_ThrowsItsOwnStoreUnavailableException()
    {
        // Port 1 on loopback: nothing listens, so every call fails with a connection error that the store must not leak.
        using var redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200,connectRetry=0");
        var store = new RedisBanditStore(redis, new BanditStoreSettings(TimeSpan.FromMinutes(1), 100));

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetCountersAsync("exp", ["A"]));

        Assert.True(e.InnerException is RedisConnectionException or RedisTimeoutException, e.InnerException?.GetType().Name);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.RecordDecisionAsync("exp", new DecisionRecord("d1", "A", 0.5, "thompson", "u1")));
    }

    [Fact]
    public async Task RecordAsync_StoreThrowsAnUnclassifiedError_DecisionIsKeptInTheOutageLog()
    {
        using var log = new OutageLog(Options.Create(new RouterOptions { OutageLogPath = _folder }), NullLogger<OutageLog>.Instance);
        var store = new ThrowingStore(new InvalidOperationException("not an outage we know"));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var ledger = new BanditLedger(store, new StoreAvailability(), log, new RouterMetrics(services.GetRequiredService<IMeterFactory>()), NullLogger<BanditLedger>.Instance);

        await ledger.RecordDecisionAsync("exp", new DecisionRecord("d1", "A", 0.5, "thompson", "u1"));

        Assert.True(log.HasDecision("d1"));
        Assert.Equal(1, log.Count);
    }

    /// <summary>A store whose decision writes fail with the given error; nothing else is called by the recorder.</summary>
    private sealed class ThrowingStore(Exception error) : IBanditStore
    {
        public bool IsShared => true;

        public Task RecordDecisionAsync(string experiment, DecisionRecord decision, CancellationToken cancellationToken = default) => Task.FromException(error);

        public Task<byte[]> GetOrCreateSecretAsync(byte[]? proposed = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> RecordFailureAsync(string experiment, string decisionId, string arm, string reason, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<RewardOutcome> RecordRewardAsync(string experiment, RewardRecord reward, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<RewardOutcome>> RecordRewardsAsync(IReadOnlyList<(string Experiment, RewardRecord Reward)> rewards, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ExperimentCounters> GetCountersAsync(string experiment, IReadOnlyList<string> arms, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ExperimentCounters> GetCountersAsync(string experiment, IReadOnlyList<string> arms, IReadOnlyList<string?> versions, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<VersionCounters>> GetVersionsAsync(string experiment, string arm, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<long> ResetAsync(string experiment, IReadOnlyList<string> arms, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<BanditEvent>> ReadEventsAsync(string experiment, int count, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
