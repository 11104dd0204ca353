using Bandit.Allocation;

namespace Bandit.Router.Tests.Support;

/// <summary>Router configs for tests. Arm names carry a tag, so every test has its own experiment key (and Redis keys).</summary>
public static class TestConfigs
{
    public static string NewTag() => Guid.NewGuid().ToString("N")[..8];

    public static RouterConfig TwoArms(string strategy, string tag, double weightA = 0.5, double weightB = 0.5, double epsilon = 0.1) =>
        new(strategy, [new ArmConfig($"A-{tag}", "PolicyA", "variant-a", weightA), new ArmConfig($"B-{tag}", "PolicyB", "variant-b", weightB)], BetaPrior.Uniform, $"salt-{tag}", epsilon);

    /// <summary>One arm per weight: names A-…, B-…, C-…, aliases PolicyA, PolicyB, PolicyC, services variant-a, variant-b, variant-c.</summary>
    public static RouterConfig Arms(string strategy, string tag, params double[] weights) =>
        new(strategy, [.. weights.Select((w, i) => new ArmConfig($"{Letter(i)}-{tag}", $"Policy{Letter(i)}", $"variant-{char.ToLowerInvariant(Letter(i))}", w))],
            BetaPrior.Uniform, $"salt-{tag}");

    private static char Letter(int index) => (char)('A' + index);
}
