using Bandit.Router.Store;
using StackExchange.Redis;

namespace Bandit.Router.Tests.State;

/// <summary>
/// The store contract over Redis reached by a connection string (one server or a cluster's nodes): each store gets its
/// own connection, as each Router replica has, and every connection is closed when the class is done.
/// </summary>
public abstract class RedisStoreContract(string connectionString) : BanditStoreContract, IAsyncLifetime
{
    private readonly List<ConnectionMultiplexer> _connections = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    protected override IBanditStore CreateStore(BanditStoreSettings? settings = null) => new RedisBanditStore(Connect(), settings ?? Settings);

    protected override IBanditStore SecondStoreOverSameState(IBanditStore first) => new RedisBanditStore(Connect(), Settings);

    /// <summary>The connections opened so far, the first being the first store's.</summary>
    protected IReadOnlyList<ConnectionMultiplexer> Connections => _connections;

    protected ConnectionMultiplexer Connect()
    {
        var connection = ConnectionMultiplexer.Connect(connectionString);
        _connections.Add(connection);
        return connection;
    }
}
