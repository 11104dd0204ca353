namespace Bandit.Contracts;

/// <summary>
/// The MLflow registry contract (DESIGN.md): the registered models, the experiments whose runs produce their versions,
/// and the aliases that say which version serves. The Trainer writes them; Variants, the Router and the Ui read them.
/// </summary>
public static class RegistryNames
{
    /// <summary>The registered model of the policies; its aliases <see cref="PolicyA"/>, <see cref="PolicyB"/>, … are the arms.</summary>
    public const string PolicyModel = "movielens_ctr_ab";

    /// <summary>The experiment of the Trainer's runs (named as the model it registers).</summary>
    public const string PolicyExperiment = PolicyModel;

    public const string PolicyA = "PolicyA";
    public const string PolicyB = "PolicyB";

    /// <summary>The third policy (a field-aware factorization machine): registered, served by no default arm.</summary>
    public const string PolicyC = "PolicyC";

    /// <summary>The aliases the default experiment serves, one arm each.</summary>
    public static IReadOnlyList<string> ServedPolicies { get; } = [PolicyA, PolicyB];

    /// <summary>The registered model of the Router's allocation config.</summary>
    public const string RouterModel = "movielens_ctr_router";

    /// <summary>The experiment of the runs that produce router config versions.</summary>
    public const string RouterExperiment = RouterModel;

    /// <summary>The alias of the live allocation config.</summary>
    public const string RouterAlias = "router";
}
