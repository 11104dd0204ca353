using Bandit.Allocation;

namespace Bandit.Trainer.Cli;

/// <summary>
/// The <c>--arms</c> value: <c>alias=service</c> pairs separated by commas, in the order the arms take in the router
/// config (<c>PolicyA=variant-a,PolicyB=variant-b,PolicyC=variant-c</c>). An arm's name is its alias, and the hash
/// split starts with equal weights.
/// </summary>
public static class ArmList
{
    /// <summary>Reads the list; throws <see cref="ArgumentException"/> naming the first problem.</summary>
    public static IReadOnlyList<ArmConfig> Parse(string text)
    {
        var pairs = text.Split(',', StringSplitOptions.TrimEntries);
        var arms = new List<ArmConfig>(pairs.Length);
        foreach (var pair in pairs)
        {
            var parts = pair.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new ArgumentException($"--arms expects alias=service pairs separated by commas, got '{pair}' in '{text}'");
            }

            arms.Add(new ArmConfig(parts[0], parts[0], parts[1], 1.0 / pairs.Length));
        }

        // The Router would refuse a config with these arms: say so now, not after training.
        var errors = (RouterConfig.Default with { Arms = arms }).Validate();
        return errors.Count == 0 ? arms : throw new ArgumentException($"--arms: {string.Join(" ", errors)}");
    }

    /// <summary>The text <see cref="Parse"/> reads back.</summary>
    public static string Format(IEnumerable<ArmConfig> arms) => string.Join(',', arms.Select(a => $"{a.Alias}={a.Service}"));

    /// <summary>Whether two arm lists name the same arms in the same order (weights aside: the operator owns those).</summary>
    public static bool SameArms(IReadOnlyList<ArmConfig> a, IReadOnlyList<ArmConfig> b) =>
        a.Count == b.Count && a.Zip(b).All(p => (p.First.Name, p.First.Alias, p.First.Service) == (p.Second.Name, p.Second.Alias, p.Second.Service));
}
