using System.Diagnostics;
using System.Text;
using Bandit.Router.Common;
using Bandit.Router.Store;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Choosing;

/// <summary>
/// The HMAC key of decision ids: <c>Router:DecisionSecret</c> when set; otherwise the store's shared secret (one random
/// 32-byte value in Redis for every replica, or one per process in memory), fetched once and then re-checked in the
/// background every <see cref="ResyncInterval"/>: if Redis lost it (a restart without persistence), this replica puts
/// back the one it holds, so replicas never drift apart and ids already given out stay valid.
/// </summary>
public sealed class DecisionSecret(IBanditStore store, IOptions<RouterOptions> options, ILogger<DecisionSecret> logger)
{
    public static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(30);

    private readonly byte[]? _configured = options.Value.DecisionSecret is { Length: > 0 } s ? Encoding.UTF8.GetBytes(s) : null;
    private byte[]? _secret;
    private long _syncedAt;
    private int _syncing;

    public ValueTask<byte[]> GetAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _secret) is not { } secret)
        {
            return new ValueTask<byte[]>(LoadAsync(cancellationToken));
        }

        if (_configured is null && store.IsShared && Stopwatch.GetElapsedTime(Volatile.Read(ref _syncedAt)) > ResyncInterval
            && Interlocked.CompareExchange(ref _syncing, 1, 0) == 0)
        {
            _ = ResyncAsync(secret);
        }

        return new ValueTask<byte[]>(secret);
    }

    private async Task<byte[]> LoadAsync(CancellationToken cancellationToken)
    {
        var secret = _configured ?? await store.GetOrCreateSecretAsync(null, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _syncedAt, Stopwatch.GetTimestamp());
        Volatile.Write(ref _secret, secret);
        return secret;
    }

    private async Task ResyncAsync(byte[] held)
    {
        try
        {
            var stored = await store.GetOrCreateSecretAsync(held).ConfigureAwait(false);
            if (!stored.AsSpan().SequenceEqual(held))
            {
                // Another replica's secret won the race to re-create it: adopt it, so all replicas agree again.
                RouterLog.SecretChanged(logger);
                Volatile.Write(ref _secret, stored);
            }

            Volatile.Write(ref _syncedAt, Stopwatch.GetTimestamp());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            RouterLog.SecretResyncFailed(logger, e);
        }
        finally
        {
            Volatile.Write(ref _syncing, 0);
        }
    }
}
