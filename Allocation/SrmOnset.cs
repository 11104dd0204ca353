namespace Bandit.Allocation;

/// <summary>
/// Turns a stream of sample-ratio checks into onsets: <see cref="Observe"/> is true only on the transition from not
/// flagged to flagged, so a metric and a log line fire once per episode however often <c>/stats</c> is read. One
/// instance per experiment and process, so with several Router replicas each may report the same onset once.
/// Thread-safe.
/// </summary>
public sealed class SrmOnset
{
    private int _flagged;

    /// <summary>True when the alarm is raised now and was not at the previous check.</summary>
    public bool Observe(bool flagged)
    {
        var before = Interlocked.Exchange(ref _flagged, flagged ? 1 : 0);
        return flagged && before == 0;
    }

    /// <summary>Whether the last check was flagged.</summary>
    public bool IsFlagged => Volatile.Read(ref _flagged) == 1;
}
