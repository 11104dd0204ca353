using System.ComponentModel.DataAnnotations;

namespace Bandit.Mlflow.Watching;

/// <summary>What an <see cref="AliasWatcher"/> follows (<c>name@alias</c>) and how often it asks.</summary>
public sealed class AliasWatcherOptions
{
    /// <summary>The registered model, e.g. <c>movielens_ctr_ab</c>.</summary>
    [Required]
    public string ModelName { get; set; } = "";

    /// <summary>The alias, e.g. <c>PolicyA</c> (MLflow aliases are case-sensitive).</summary>
    [Required]
    public string Alias { get; set; } = "";

    /// <summary>Time between two polls of <c>registered-models/alias</c> while all is well.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each wait is stretched or shrunk by up to this fraction at random, so replicas do not poll in step.</summary>
    [Range(0.0, 0.5)]
    public double Jitter { get; set; } = 0.1;

    /// <summary>Longest wait after repeated failures (MLflow unreachable, a change handler that keeps failing).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest one poll may take, the MLflow client's own retries included.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>models:/name@alias</c>, for logs and health reports.</summary>
    public override string ToString() => ModelUri.ForAlias(ModelName, Alias).ToString();
}
