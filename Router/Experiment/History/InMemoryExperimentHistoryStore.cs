namespace Bandit.Router.Experiment.History;

/// <summary>The history in this process only (no Redis): same semantics as the Redis store, gone with the process.</summary>
public sealed class InMemoryExperimentHistoryStore : IExperimentHistoryStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedList<long, StatsSnapshot>> _snapshots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<HistoryEvent>> _events = new(StringComparer.Ordinal);

    public Task<bool> AddSnapshotAsync(string experiment, StatsSnapshot snapshot, int capacity, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var list = Get(_snapshots, experiment);
            if (!list.TryAdd(snapshot.At.ToUnixTimeMilliseconds(), snapshot))
            {
                return Task.FromResult(false);
            }

            while (list.Count > capacity)
            {
                list.RemoveAt(0);
            }

            return Task.FromResult(true);
        }
    }

    public Task<StatsSnapshot?> LastSnapshotAsync(string experiment, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_snapshots.TryGetValue(experiment, out var list) && list.Count > 0 ? list.Values[^1] : null);
        }
    }

    public Task AddEventAsync(string experiment, HistoryEvent change, int capacity, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var list = Get(_events, experiment);
            list.Add(change);
            list.Sort((x, y) => x.At.CompareTo(y.At));
            if (list.Count > capacity)
            {
                list.RemoveRange(0, list.Count - capacity);
            }

            return Task.CompletedTask;
        }
    }

    public Task<(IReadOnlyList<StatsSnapshot> Snapshots, IReadOnlyList<HistoryEvent> Events)> ReadAsync(string experiment, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<StatsSnapshot> snapshots = _snapshots.TryGetValue(experiment, out var s) ? [.. s.Values.Where(x => x.At >= since)] : [];
            IReadOnlyList<HistoryEvent> events = _events.TryGetValue(experiment, out var e) ? [.. e.Where(x => x.At >= since)] : [];
            return Task.FromResult((snapshots, events));
        }
    }

    private static T Get<T>(Dictionary<string, T> map, string key) where T : new()
    {
        if (!map.TryGetValue(key, out var value))
        {
            map[key] = value = new T();
        }

        return value;
    }
}
