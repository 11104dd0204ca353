using System.Collections.Concurrent;

namespace Bandit.Router.Store;

// The auto-promotion rule's memory in this process (one replica; a restart starts from nothing, like every count here).
public sealed partial class InMemoryBanditStore : IPromotionStateStore
{
    private readonly ConcurrentDictionary<string, string> _promotionStates = new(StringComparer.Ordinal);

    public Task<string?> GetPromotionStateAsync(string experiment, CancellationToken cancellationToken = default) =>
        Task.FromResult(_promotionStates.TryGetValue(experiment, out var state) ? state : null);

    public Task SetPromotionStateAsync(string experiment, string state, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        _promotionStates[experiment] = state;
        return Task.CompletedTask;
    }
}
