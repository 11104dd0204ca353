using Bandit.Allocation;

namespace Bandit.Router.Tests.Support;

/// <summary>Router configs for tests. Arm names carry a tag, so every test has its own experiment key (and Redis keys).</summary>
public static class TestConfigs
{
    public static string NewTag() => Guid.NewGuid().ToString("N")[..8];

    public static RouterConfig TwoArms(string strategy, string tag, double weightA = 0.5, double weightB = 0.5, double epsilon = 0.1) =>
        new(strategy, [new ArmConfig($"A-{tag}", "PolicyA", "variant-a", weightA), new ArmConfig($"B-{tag}", "PolicyB", "variant-b", weightB)], BetaPrior.Uniform, $"salt-{tag}", epsilon);
}
