using Bandit.Mlflow.Promotions;

namespace Bandit.Router.Experiment.Registry;

/// <summary>The live experiment's figures per arm (decisions, clicks, CTR, P(best)) for the audit trail of a move;
/// empty when they cannot be read (the move is recorded all the same).</summary>
public interface IPromotionFigures
{
    Task<IReadOnlyList<ArmFigures>> CurrentAsync(CancellationToken cancellationToken);
}
