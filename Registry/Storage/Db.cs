using Bandit.Registry.Extensions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Bandit.Registry.Storage;

/// <summary>
/// The SQLite database: WAL (readers never wait for the writer), a 30 s busy timeout (another process on the
/// same file waits instead of failing), foreign keys on. Writes in this process are serialized by a
/// semaphore and each runs in one <c>BEGIN IMMEDIATE</c> transaction, so read-modify-write sequences
/// (the next version number, param immutability) are atomic even against other processes.
/// </summary>
public sealed class Db : IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public Db(IOptions<RegistryOptions> options)
    {
        var path = options.Value.DatabasePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();
        Initialize();
    }

    public string DatabasePath => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    private void Initialize()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        using var transaction = connection.BeginTransaction();
        Execute(connection, Schema.Create, transaction);
        using var count = connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = "SELECT COUNT(*) FROM schema_info";
        if ((long)count.ExecuteScalar()! == 0)
        {
            // MLflow starts with experiment 0, "Default".
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            Execute(connection, $"INSERT INTO schema_info VALUES ({Schema.Version});" +
                $"INSERT OR IGNORE INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time) VALUES (0, 'Default', 'mlflow-artifacts:/0', {now}, {now});",
                transaction);
        }

        transaction.Commit();
    }

    /// <summary>Runs <paramref name="work"/> on its own pooled connection; reads see the last committed state.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return await work(connection);
    }

    /// <summary>Runs <paramref name="work"/> in one immediate transaction, one writer at a time; commits if it returns.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>True when the database answers a trivial query (the readiness check).</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken) =>
        await ReadAsync(async c =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = "SELECT 1";
            return await command.ExecuteScalarAsync(cancellationToken) is 1L;
        }, cancellationToken);

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _writeLock.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
