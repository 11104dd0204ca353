using Bandit.Allocation;
using Bandit.Router.Store;

namespace Bandit.Router.Experiment.Stats;

// /stats: the earlier model versions of an arm.
public static partial class StatsApi
{
    /// <summary>
    /// The versions of arm <paramref name="arm"/> other than the live one, newest first: counters, the Beta posterior over
    /// all their rewards with the config's prior, and the P(best) the version would have against the other arms' live
    /// posteriors (had the alias not moved). The live version's evidence is in the arm's own fields.
    /// </summary>
    private static List<ArmVersionResponse> Earlier(PosteriorSnapshot snapshot, int arm, string? live, IReadOnlyList<VersionCounters> versions)
    {
        var prior = snapshot.Config.Prior;
        var rows = new List<ArmVersionResponse>();
        foreach (var v in versions.Where(v => v.Version != live))
        {
            var updates = Math.Max(0, v.Updates);
            var rewards = Math.Clamp(v.Rewards, 0, updates);
            var (alpha, beta) = (prior.Alpha + rewards, prior.Beta + (updates - rewards));
            var a = snapshot.Posteriors.Select(p => p.Alpha).ToArray();
            var b = snapshot.Posteriors.Select(p => p.Beta).ToArray();
            (a[arm], b[arm]) = (alpha, beta);
            var pBest = ProbabilityOfBest.Compute(a, b, ArmMask.None, out _)[arm];
            rows.Add(new ArmVersionResponse(v.Version, Math.Max(0, v.Pulls), updates, rewards, updates > 0 ? rewards / updates : 0, v.Failures,
                new PosteriorResponse(alpha, beta, alpha / (alpha + beta),
                    MathNet.Numerics.Distributions.Beta.InvCDF(alpha, beta, 0.025), MathNet.Numerics.Distributions.Beta.InvCDF(alpha, beta, 0.975)),
                pBest));
        }

        return rows;
    }
}
