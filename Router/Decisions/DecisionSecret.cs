using System.Text;
using Bandit.Router.Extensions;
using Bandit.Router.State;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Decisions;

/// <summary>
/// The HMAC key of decision ids: <c>Router:DecisionSecret</c> when set; otherwise the store's shared secret
/// (one random 32-byte value in Redis for every replica, or one per process in memory). Fetched once.
/// </summary>
public sealed class DecisionSecret(IBanditStore store, IOptions<RouterOptions> options)
{
    private readonly IBanditStore _store = store;
    private readonly byte[]? _configured = options.Value.DecisionSecret is { Length: > 0 } s ? Encoding.UTF8.GetBytes(s) : null;
    private byte[]? _secret;

    public ValueTask<byte[]> GetAsync(CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _secret) is { } secret ? new ValueTask<byte[]>(secret) : new ValueTask<byte[]>(LoadAsync(cancellationToken));

    private async Task<byte[]> LoadAsync(CancellationToken cancellationToken)
    {
        var secret = _configured ?? await _store.GetOrCreateSecretAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _secret, secret);
        return secret;
    }
}
