using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Bandit.Benchmarks.Soak;

/// <summary>One decision a soak client received, the reward it means to send and every answer it got for it.</summary>
internal sealed class SoakDecision(string token, string arm, double reward)
{
    private int _recorded;
    private int _duplicate;
    private int _buffered;
    private int _unknown;
    private int _unsure;
    private string _history = "";

    public string Token { get; } = token;

    public string Arm { get; } = arm;

    public double Reward { get; } = reward;

    public int Recorded => _recorded;

    public int Unknown => _unknown;

    /// <summary>The Router took the reward (recorded now, buffered for later, or already had it).</summary>
    public bool Accepted => _recorded + _duplicate + _buffered > 0;

    /// <summary>A send whose outcome the client cannot know (timeout, connection reset), so the Router may or may not have it.</summary>
    public bool Unsure => _unsure > 0;

    /// <summary>Every answer in order, e.g. <c>buffered duplicate</c>, for the diagnosis of a mismatch.</summary>
    public string History => Volatile.Read(ref _history);

    public void Answer(string status)
    {
        lock (this)
        {
            _history = _history.Length == 0 ? status : _history + " " + status;
        }

        _ = status switch
        {
            "recorded" => Interlocked.Increment(ref _recorded),
            "duplicate" => Interlocked.Increment(ref _duplicate),
            "buffered" => Interlocked.Increment(ref _buffered),
            "unknown" => Interlocked.Increment(ref _unknown),
            "unsure" => Interlocked.Increment(ref _unsure),
            _ => 0,
        };
    }
}

/// <summary>
/// Everything the soak clients received and sent, to compare with the Router's <c>/stats</c> once the run is over:
/// pulls against the decisions received, updates and rewards against the distinct rewards the Router accepted.
/// </summary>
internal sealed class SoakLedger
{
    private readonly ConcurrentDictionary<string, SoakDecision> _decisions = new(StringComparer.Ordinal);
    private long _chooseUnsure;

    /// <summary>Rewards to send again (429, 503, 5xx, or no answer), oldest first.</summary>
    public ConcurrentQueue<SoakDecision> Retry { get; } = new();

    public long DecisionsReceived => _decisions.Count;

    public IReadOnlyCollection<SoakDecision> Decisions => (IReadOnlyCollection<SoakDecision>)_decisions.Values;

    public SoakDecision Received(string token, string arm, double reward) => _decisions.GetOrAdd(token, t => new SoakDecision(t, arm, reward));

    /// <summary>A /choose without an answer: the Router may have counted a pull the client never saw.</summary>
    public void ChooseUnsure() => Interlocked.Increment(ref _chooseUnsure);

    /// <summary>Compares the Router's counters (after minus before) with the ledger; returns the report lines and whether it holds.</summary>
    public (bool Ok, string Report, string Headline) Compare(SoakStats before, SoakStats after)
    {
        var decisions = _decisions.Values.ToList();
        var accepted = decisions.Where(d => d.Accepted).ToList();
        var unsureOnly = decisions.Where(d => !d.Accepted && d.Unsure).ToList();
        var expectedUpdates = accepted.Count;
        var expectedRewards = accepted.Sum(d => d.Reward);
        var doubleRecorded = decisions.Count(d => d.Recorded > 1);
        var lost = decisions.Count(d => d.Unknown > 0 && !d.Accepted);
        var (pulls, updates, rewards) = (after.Pulls - before.Pulls, after.Updates - before.Updates, after.Rewards - before.Rewards);

        var pullsOk = pulls >= DecisionsReceived && pulls <= DecisionsReceived + _chooseUnsure;
        var updatesOk = updates >= expectedUpdates && updates <= expectedUpdates + unsureOnly.Count;
        var rewardsOk = rewards >= expectedRewards - 1e-9 && rewards <= expectedRewards + unsureOnly.Sum(d => d.Reward) + 1e-9;
        var ok = pullsOk && updatesOk && rewardsOk && doubleRecorded == 0 && lost == 0;

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"counts (Router /stats after minus before, against the clients' ledger):");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"  pulls    {pulls,8:N0}  decisions received {DecisionsReceived:N0} (+ up to {_chooseUnsure:N0} /choose calls without an answer)  {(pullsOk ? "ok" : "MISMATCH")}");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"  updates  {updates,8:N0}  distinct rewards accepted {expectedUpdates:N0} (+ up to {unsureOnly.Count:N0} sent without an answer)  {(updatesOk ? "ok" : "MISMATCH")}");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"  rewards  {rewards,8:N0}  sum of accepted rewards {expectedRewards:N0}  {(rewardsOk ? "ok" : "MISMATCH")}");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"  decisions answered 'recorded' twice: {doubleRecorded:N0}; decisions received but later 'unknown' (lost): {lost:N0}; Router-reported failed forwards: {after.Failures - before.Failures:N0}");
        report.Append(CultureInfo.InvariantCulture, $"verdict: {(ok ? "nothing lost, nothing double-counted" : "COUNTS DO NOT MATCH")}");
        var headline = string.Create(CultureInfo.InvariantCulture,
            $"pulls {pulls:N0} vs decisions received {DecisionsReceived:N0}, updates {updates:N0} vs distinct accepted {expectedUpdates:N0}, rewards {rewards:N0} vs {expectedRewards:N0}, double-recorded {doubleRecorded}, lost {lost}: {(ok ? "ok" : "MISMATCH")}");
        return (ok, report.ToString(), headline);
    }
}
