using Bandit.Allocation;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using StackExchange.Redis;

namespace Bandit.Router.Tests.Integration;

/// <summary>The exactly-once contract with one redis-server.</summary>
public sealed class ExactTotalsTests(RedisServer redis, VariantPair variants) : ExactTotalsContract(variants), IClassFixture<RedisServer>, IClassFixture<VariantPair>
{
    protected override string RedisConnectionString => redis.ConnectionString;

    protected override Task<ConnectionMultiplexer> ConnectAsync() => redis.ConnectAsync();
}

internal static class RouterConfigExtensions
{
    public static IEnumerable<string> ArmNames(this RouterConfig config) => config.Arms.Select(a => a.Name);
}
