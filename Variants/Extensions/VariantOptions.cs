using System.ComponentModel.DataAnnotations;
using Bandit.Contracts;

namespace Bandit.Variants.Extensions;

/// <summary>Which model this Variants instance serves, and how it follows it (section <c>Variant</c>).</summary>
public sealed class VariantOptions
{
    public const string SectionName = ConfigurationKeys.Variant.Section;

    public const string DefaultModelName = RegistryNames.PolicyModel;

    /// <summary>The registry alias served, e.g. <c>PolicyA</c> (variant-a) or <c>PolicyB</c> (variant-b). Required.</summary>
    [Required(ErrorMessage = "Variant:Alias is required (e.g. PolicyA or PolicyB)")]
    [RegularExpression(@"^[\w\-]{1,255}$", ErrorMessage = "Variant:Alias must be an MLflow alias name (letters, digits, _ and -)")]
    public string Alias { get; set; } = "";

    /// <summary>The registered model whose alias is followed.</summary>
    [Required]
    public string ModelName { get; set; } = DefaultModelName;

    /// <summary>How often the alias is polled (hh:mm:ss); webhooks, when enabled, only make it sooner.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Variant:PollInterval must be between 10 ms and 1 h")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between polls while MLflow is unreachable or a version keeps failing to load.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The secret of MLflow's registry webhook; unset = <c>POST /webhooks/mlflow</c> answers 404.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Scratch folder for downloaded versions (deleted once loaded); default: the system temp folder.</summary>
    public string? DownloadDir { get; set; }
}
