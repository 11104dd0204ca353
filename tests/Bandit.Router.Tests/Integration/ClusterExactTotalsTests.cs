using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using StackExchange.Redis;

namespace Bandit.Router.Tests.Integration;

/// <summary>The exactly-once contract on a real Redis Cluster: both Routers connect with a connection string listing its six nodes.</summary>
public sealed class ClusterExactTotalsTests(RedisCluster cluster, VariantPair variants) : ExactTotalsContract(variants), IClassFixture<RedisCluster>, IClassFixture<VariantPair>
{
    protected override string RedisConnectionString => cluster.ConnectionString;

    protected override Task<ConnectionMultiplexer> ConnectAsync() => cluster.ConnectAsync();
}
