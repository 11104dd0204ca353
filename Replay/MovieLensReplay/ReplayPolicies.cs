using Bandit.Training.Modeling;

namespace Bandit.Replay.MovieLensReplay;

/// <summary>
/// The models behind the replay's arms, chosen in this one place: the Trainer's policies in its order
/// (<see cref="Policies.All"/>: A logistic regression, B LightGBM, C field-aware factorization machine), fitted by
/// the Trainer's own code, the first <c>arms</c> of them. A model the Trainer does not register could be added here.
/// </summary>
public static class ReplayPolicies
{
    /// <summary>The most arms the replay can take: as many as the Trainer has policies.</summary>
    public static int MaxArms => Policies.All(0).Count;

    public static IReadOnlyList<IPolicyModel> For(int seed, int arms)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(arms, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(arms, MaxArms);
        return [.. Policies.All(seed).Take(arms)];
    }
}
