using Bandit.Contracts.Flavors;

namespace Bandit.Contracts.Tests;

/// <summary>
/// The wire names DESIGN.md does not spell, pinned to the values models already in a registry and dashboards already
/// built depend on: a flavor key or metric key renamed in code would orphan every version registered before.
/// </summary>
public sealed class WireValueTests
{
    [Fact]
    public void Flavors_KeepTheirNames() => Assert.Equal(("mlnet", "bandit_router"), (MlnetFlavor.Name, RouterConfigFlavor.Name));

    [Fact]
    public void RegistryNames_NameTheExperimentsAfterTheirModels() =>
        Assert.Equal(("movielens_ctr_ab", "movielens_ctr_router"), (RegistryNames.PolicyExperiment, RegistryNames.RouterExperiment));

    [Fact]
    public void OfflineMetrics_KeepTheKeysTheTrainerLogs() =>
        Assert.Equal(["auc", "pr_auc", "log_loss", "brier", "ece", "ndcg_at_10", "precision_at_10", "cv_auc_mean", "cv_auc_std"], OfflineMetrics.Headline);

    [Fact]
    public void RegistryTags_KeepTheirKeys() =>
        Assert.Equal(["policy", "trainer", "strategy", "bandit.fingerprint", "bandit.split"],
            [RegistryTags.Policy, RegistryTags.Trainer, RegistryTags.Strategy, RegistryTags.Fingerprint, RegistryTags.Split]);

    [Fact]
    public void ConfigurationKeys_OutsideTheDesignTable_KeepTheirSpelling() =>
        Assert.Equal(("Router:ConfigPollInterval", "Router:OutageLogPath", "Ui"),
            (ConfigurationKeys.Router.ConfigPollInterval, ConfigurationKeys.Router.OutageLogPath, ConfigurationKeys.Ui.Section));
}
