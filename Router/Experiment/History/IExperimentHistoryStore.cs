namespace Bandit.Router.Experiment.History;

/// <summary>
/// Where the experiment's history lives: periodic <see cref="StatsSnapshot"/>s and <see cref="HistoryEvent"/>s per
/// experiment key, each capped. <see cref="RedisExperimentHistoryStore"/> shares it between replicas (and survives a
/// Router or Ui restart); <see cref="InMemoryExperimentHistoryStore"/> is the single-process default.
/// </summary>
public interface IExperimentHistoryStore
{
    /// <summary>Stores <paramref name="snapshot"/> for its slot (its <c>At</c>), unless another replica stored that slot first (then false).</summary>
    Task<bool> AddSnapshotAsync(string experiment, StatsSnapshot snapshot, int capacity, CancellationToken cancellationToken = default);

    /// <summary>The newest stored snapshot, or null.</summary>
    Task<StatsSnapshot?> LastSnapshotAsync(string experiment, CancellationToken cancellationToken = default);

    Task AddEventAsync(string experiment, HistoryEvent change, int capacity, CancellationToken cancellationToken = default);

    /// <summary>Snapshots and events at or after <paramref name="since"/>, oldest first.</summary>
    Task<(IReadOnlyList<StatsSnapshot> Snapshots, IReadOnlyList<HistoryEvent> Events)> ReadAsync(string experiment, DateTimeOffset since, CancellationToken cancellationToken = default);
}
