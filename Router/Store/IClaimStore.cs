namespace Bandit.Router.Store;

/// <summary>
/// Claims shared by every replica using the same store: the first <see cref="TryClaimAsync"/> of a key within its
/// time to live wins, every other call gets false until it expires (Redis <c>SET key 1 NX PX ttl</c>). Used so that
/// exactly one replica acts on an auto-promotion and records an alias move once. Both bandit stores implement it;
/// an outage throws <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IClaimStore
{
    /// <summary>True when this call took <paramref name="key"/> (it was free or expired); false when another holds it.</summary>
    Task<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default);
}
