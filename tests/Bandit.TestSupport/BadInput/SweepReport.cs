using Xunit;

namespace Bandit.TestSupport;

/// <summary>What a sweep saw: the operations and cases sent, the breaches of the rule, and the writes the service took.</summary>
public sealed class SweepReport
{
    public List<string> Operations { get; } = [];

    public int Cases { get; set; }

    public List<string> Violations { get; } = [];

    public List<string> Accepted { get; } = [];

    public TimeSpan Elapsed { get; set; }

    /// <summary>Fails with every violation (the first 40) when there is any.</summary>
    public void AssertClean()
    {
        Assert.True(Operations.Count > 0, "the sweep found no operations in the document");
        Assert.True(Violations.Count == 0,
            $"{Violations.Count} of {Cases} bad requests broke the rule:\n" + string.Join("\n", Violations.Take(40)));
    }

    public override string ToString() => $"{Operations.Count} operations, {Cases} cases, {Violations.Count} violations, {Accepted.Count} writes accepted, {Elapsed.TotalSeconds:0.0} s";
}
