using System.Text.RegularExpressions;
using Bandit.Contracts;

namespace Bandit.Allocation;

public sealed partial record RouterConfig
{
    /// <summary>At most this many arms (decisions carry the unavailable arms as a 64-bit <see cref="ArmMask"/>).</summary>
    public const int MaxArms = ArmMask.Capacity;

    /// <summary>The shortest half-life of discounted Thompson sampling: one millisecond, the clock's resolution.</summary>
    public const double MinHalfLifeSeconds = 0.001;

    /// <summary>The longest: ten years (longer is stationary Thompson sampling in all but name).</summary>
    public const double MaxHalfLifeSeconds = 10 * 365.25 * 86_400;

    /// <summary>
    /// Every problem with this config, each a sentence naming the field; empty when it is usable.
    /// Arm names, aliases and services are 1–64 characters of <c>[A-Za-z0-9._-]</c> starting with a letter or
    /// digit, because they travel in HTTP headers, Redis keys and decision ids.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Strategy))
        {
            errors.Add($"strategy is required: one of {string.Join(", ", StrategyNames.All)}.");
        }
        else if (!StrategyNames.TryNormalize(Strategy, out _))
        {
            errors.Add($"strategy '{Strategy}' is unknown: expected one of {string.Join(", ", StrategyNames.All)}.");
        }

        ValidateArms(errors);

        if (Prior is null)
        {
            errors.Add("prior is required, e.g. {\"alpha\":1.0,\"beta\":1.0}.");
        }
        else
        {
            if (!(double.IsFinite(Prior.Alpha) && Prior.Alpha > 0))
            {
                errors.Add($"prior.alpha must be a finite number > 0, got {Prior.Alpha}.");
            }

            if (!(double.IsFinite(Prior.Beta) && Prior.Beta > 0))
            {
                errors.Add($"prior.beta must be a finite number > 0, got {Prior.Beta}.");
            }
        }

        if (string.IsNullOrWhiteSpace(Salt))
        {
            errors.Add("salt must not be empty: it seeds the hash split.");
        }

        if (!(Epsilon is >= 0 and <= 1))
        {
            errors.Add($"epsilon must be in [0, 1], got {Epsilon}.");
        }

        if (!(double.IsFinite(UcbExploration) && UcbExploration >= 0))
        {
            errors.Add($"ucb_exploration must be a finite number >= 0, got {UcbExploration}.");
        }

        if (!(double.IsFinite(DiscountHalfLifeSeconds) && DiscountHalfLifeSeconds is >= MinHalfLifeSeconds and <= MaxHalfLifeSeconds))
        {
            errors.Add($"discount_half_life_seconds must be in [{MinHalfLifeSeconds}, {MaxHalfLifeSeconds}] (1 ms to 10 years), got {DiscountHalfLifeSeconds}.");
        }

        if (!(double.IsFinite(LinearExploration) && LinearExploration >= 0))
        {
            errors.Add($"linear_exploration must be a finite number >= 0, got {LinearExploration}.");
        }

        if (!(double.IsFinite(LinearRidge) && LinearRidge > 0))
        {
            errors.Add($"linear_ridge must be a finite number > 0, got {LinearRidge}.");
        }

        if (AutoPromotion is { } auto)
        {
            errors.AddRange(auto.Validate());
            if (auto.TargetAlias is not null)
            {
                CheckName(errors, "auto_promotion.target_alias", auto.TargetAlias);
            }
        }

        return errors;
    }

    private void ValidateArms(List<string> errors)
    {
        if (Arms is null || Arms.Count == 0)
        {
            errors.Add("arms: at least one arm is required.");
            return;
        }

        if (Arms.Count > MaxArms)
        {
            errors.Add($"arms: at most {MaxArms} arms are supported, got {Arms.Count}.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var weightsValid = true;
        for (var i = 0; i < Arms.Count; i++)
        {
            var arm = Arms[i];
            if (arm is null)
            {
                errors.Add($"arms[{i}] is null.");
                weightsValid = false;
                continue;
            }

            CheckName(errors, $"arms[{i}].name", arm.Name);
            CheckName(errors, $"arms[{i}].alias", arm.Alias);
            CheckName(errors, $"arms[{i}].service", arm.Service);
            if (arm.Name is not null && !names.Add(arm.Name))
            {
                errors.Add($"arms[{i}].name '{arm.Name}' is a duplicate (names are compared ignoring case).");
            }

            if (!(double.IsFinite(arm.Weight) && arm.Weight >= 0))
            {
                errors.Add($"arms[{i}].weight must be a finite number >= 0, got {arm.Weight}.");
                weightsValid = false;
            }
        }

        if (weightsValid && Arms.All(a => a.Weight == 0))
        {
            errors.Add("arms: at least one weight must be > 0.");
        }
    }

    private static void CheckName(List<string> errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add($"{field} is required.");
        }
        else if (!NamePattern().IsMatch(value))
        {
            errors.Add($"{field} '{value}' must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
