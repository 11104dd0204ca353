using Bandit.Trainer.Modeling;

namespace Bandit.Replay.MovieLensReplay;

/// <summary>
/// The models behind the replay's arms, chosen in this one place: the Trainer's policies first (<see cref="Policies.All"/>,
/// fitted by the Trainer's code), and when the Trainer has fewer than the arms asked for, a third family fitted by the
/// replay itself (<see cref="FactorizationMachinePolicy"/>). Once the Trainer registers a third policy of its own, the
/// 3-arm replay uses it without a change here.
/// </summary>
public static class ReplayPolicies
{
    public const int MaxArms = 3;

    public static IReadOnlyList<IPolicyModel> For(int seed, int arms)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(arms, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(arms, MaxArms);
        var trainer = Policies.All(seed);
        IReadOnlyList<IPolicyModel> all = trainer.Count >= MaxArms ? trainer : [.. trainer, new FactorizationMachinePolicy()];
        return [.. all.Take(arms)];
    }
}
