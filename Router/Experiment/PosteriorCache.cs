using System.Diagnostics;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Common;
using Bandit.Router.Store;
using Microsoft.Extensions.Options;

namespace Bandit.Router.Experiment;

/// <summary>
/// The posterior snapshot decisions read, so a decision costs no store round trip: served from memory while
/// younger than <c>Router:PosteriorCacheTtl</c>, refreshed in the background (one refresh at a time) when older,
/// loaded synchronously only for a new experiment (or when the TTL is 0). A new config of the same experiment
/// re-uses the cached counters at once. A failed refresh keeps the last snapshot. An arm whose model version moved
/// since the counters were read starts from the prior at once (its counters belonged to the version before), and a
/// refresh is started: while the store is down this is what keeps the moved arm off its old version's evidence.
/// </summary>
public sealed class PosteriorCache(IBanditStore store, IOptions<RouterOptions> options, ILogger<PosteriorCache> logger, ArmVersions? versions = null)
{
    private readonly IBanditStore _store = store;
    private readonly TimeSpan _ttl = options.Value.PosteriorCacheTtl;
    private readonly ILogger<PosteriorCache> _logger = logger;
    private Entry? _entry;
    private int _refreshing;

    public ValueTask<PosteriorSnapshot> GetAsync(LiveConfig live, CancellationToken cancellationToken = default)
    {
        var entry = Volatile.Read(ref _entry);
        if (entry is null || entry.Snapshot.ExperimentKey != live.ExperimentKey || _ttl == TimeSpan.Zero)
        {
            return new ValueTask<PosteriorSnapshot>(LoadAsync(live, cancellationToken));
        }

        if (!ReferenceEquals(entry.Live, live))
        {
            if (StrategyNames.IsContextual(live.Config.Strategy) && entry.Linear is null)
            {
                // Switched to the contextual strategy: its linear statistics were not read with these counters.
                return new ValueTask<PosteriorSnapshot>(LoadAsync(live, cancellationToken));
            }

            // Same experiment, new strategy/weights/prior: same counters, new snapshot.
            var rebased = new Entry(live, PosteriorSnapshot.Create(live.Config, entry.Snapshot.Stats, Linear(live, entry.Linear)), entry.Counters, entry.FetchedAt, entry.Linear);
            Interlocked.CompareExchange(ref _entry, rebased, entry);
            entry = rebased;
        }

        if (Moved(entry, live) is { } moved)
        {
            Interlocked.CompareExchange(ref _entry, moved, entry);
            entry = moved;
            if (Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
            {
                _ = RefreshAsync(live);
            }

            return new ValueTask<PosteriorSnapshot>(entry.Snapshot);
        }

        if (Stopwatch.GetElapsedTime(entry.FetchedAt) >= _ttl && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            _ = RefreshAsync(live);
        }

        return new ValueTask<PosteriorSnapshot>(entry.Snapshot);
    }

    /// <summary>Reads the counters (and, for the contextual strategy, the arms' linear statistics) now and caches the snapshot.</summary>
    public async Task<PosteriorSnapshot> LoadAsync(LiveConfig live, CancellationToken cancellationToken = default)
    {
        var fetchedAt = Stopwatch.GetTimestamp();
        // The bandit allocates on each arm's live model version only: an alias move starts the arm from the prior.
        var read = versions?.For(live);
        var counters = read is null
            ? await _store.GetCountersAsync(live.ExperimentKey, live.ArmNames, cancellationToken).ConfigureAwait(false)
            : await _store.GetCountersAsync(live.ExperimentKey, live.ArmNames, read, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<LinearArmStats>? linear = null;
        if (StrategyNames.IsContextual(live.Config.Strategy))
        {
            var contextual = _store as ILinearBanditStore
                ?? throw new InvalidOperationException($"the bandit store ({_store.GetType().Name}) keeps no linear statistics for {live.Config.Strategy}.");
            linear = await contextual.GetLinearStatsAsync(live.ExperimentKey, live.ArmNames, UserArmHistory.ContextDimension(live.ArmNames.Count), cancellationToken)
                .ConfigureAwait(false);
        }

        var snapshot = PosteriorSnapshot.Create(live.Config, counters.ToArmStats(live.Config.DiscountHalfLifeSeconds), linear);
        Volatile.Write(ref _entry, new Entry(live, snapshot, counters, fetchedAt, linear, read));
        return snapshot;
    }

    /// <summary>
    /// The counters last read from the store for <paramref name="live"/>'s experiment, and when (null when none are
    /// cached); an arm whose model version moved since then has none yet (its cached counters were the version before's).
    /// </summary>
    public (ExperimentCounters Counters, DateTimeOffset ReadAt)? Last(LiveConfig live)
    {
        var entry = Volatile.Read(ref _entry);
        if (entry is null || entry.Snapshot.ExperimentKey != live.ExperimentKey)
        {
            return null;
        }

        var counters = Moved(entry, live) is { } moved ? moved.Counters : entry.Counters;
        return (counters, DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(entry.FetchedAt));
    }

    /// <summary>Forgets the cached snapshot (after a reset), so the next decision reads the store.</summary>
    public void Invalidate() => Volatile.Write(ref _entry, null);

    private async Task RefreshAsync(LiveConfig live)
    {
        try
        {
            await LoadAsync(live).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            RouterLog.PosteriorRefreshFailed(_logger, live.ExperimentKey, e);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    /// <summary>
    /// <paramref name="entry"/> with the counters of every arm whose live version is no longer the one they were read for
    /// set to none (its pulls over all versions and its promised share kept, for the sample-ratio check); null when no
    /// arm moved.
    /// </summary>
    private Entry? Moved(Entry entry, LiveConfig live)
    {
        if (versions is null || entry.Versions is not { } read)
        {
            return null;
        }

        // Asked on every decision: compared in place (no list, no closure), the list made only when an arm did move.
        var arms = live.Config.Arms;
        if (arms.Count != read.Count || !AnyMoved(arms, read, versions))
        {
            return null;
        }

        var now = versions.For(live);
        var moved = entry.Counters.Arms.Select((a, i) => i < now.Count && now[i] != read[i] ? new ArmCounters(a.Arm, 0, 0, 0, 0, a.Promised, a.AllPulls) : a).ToArray();
        var discounted = entry.Counters.Discounted?.Select((d, i) => i < now.Count && now[i] != read[i] ? DiscountedCounts.Empty : d).ToArray();
        var counters = entry.Counters with { Arms = moved, Discounted = discounted };
        var snapshot = PosteriorSnapshot.Create(live.Config, counters.ToArmStats(live.Config.DiscountHalfLifeSeconds), Linear(live, entry.Linear));
        return entry with { Live = live, Snapshot = snapshot, Counters = counters, Versions = now };
    }

    private static bool AnyMoved(IReadOnlyList<ArmConfig> arms, IReadOnlyList<string?> read, ArmVersions versions)
    {
        for (var i = 0; i < arms.Count; i++)
        {
            if (versions.VersionOf(arms[i].Alias) != read[i])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The linear statistics a snapshot of <paramref name="live"/> is built with: only the contextual strategy's has them.</summary>
    private static IReadOnlyList<LinearArmStats>? Linear(LiveConfig live, IReadOnlyList<LinearArmStats>? linear) =>
        StrategyNames.IsContextual(live.Config.Strategy) ? linear : null;

    /// <summary>A cached snapshot; <paramref name="Versions"/> are the arms' model versions its counters were read for.</summary>
    private sealed record Entry(LiveConfig Live, PosteriorSnapshot Snapshot, ExperimentCounters Counters, long FetchedAt, IReadOnlyList<LinearArmStats>? Linear = null, IReadOnlyList<string?>? Versions = null);
}
