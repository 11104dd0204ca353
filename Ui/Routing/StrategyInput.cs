using System.Globalization;
using Bandit.Contracts;

namespace Bandit.Ui.Routing;

/// <summary>One arm's weight field on the strategy form: what was typed and what is wrong with it.</summary>
public sealed record WeightField(string Arm, double? Current, string? Value, string? Error);

/// <summary>
/// The strategy form, checked the way the Router checks <c>PUT /admin/strategy</c> so a mistake is caught next to its
/// field before the confirmation: a known strategy, and either no weights (keep the current ones) or one number in
/// [0, 10⁶] per arm, not all zero. The same rules run in the browser as the operator types (wwwroot/js/site.js).
/// </summary>
public sealed record StrategyInput(string? Strategy, IReadOnlyList<WeightField> Weights, string? StrategyError, string? WeightsError)
{
    public const double MaxWeight = 1e6;

    /// <summary>The strategies the Router runs: every one, the contextual <c>linear_thompson</c> included.</summary>
    public IReadOnlyList<string> Strategies => StrategyNames.All;

    public bool IsValid => StrategyError is null && WeightsError is null && Weights.All(w => w.Error is null);

    /// <summary>The weights to send, or null to keep the current ones (all fields empty).</summary>
    public IReadOnlyList<double>? Parsed =>
        !IsValid || Weights.All(w => string.IsNullOrWhiteSpace(w.Value)) ? null : [.. Weights.Select(w => double.Parse(w.Value!, NumberStyles.Float, CultureInfo.InvariantCulture))];

    /// <summary>Each arm's share of the traffic under the hash split with the parsed weights.</summary>
    public IReadOnlyList<double>? Shares => Parsed is { } w && w.Sum() is > 0 and var total ? [.. w.Select(x => x / total)] : null;

    public static StrategyInput Check(string? strategy, IReadOnlyList<string?>? values, IReadOnlyList<ConfiguredArm> arms)
    {
        var normalized = StrategyNames.TryNormalize(strategy, out var name) ? name : null;
        var strategyError = normalized is null ? $"Choose one of {string.Join(", ", StrategyNames.All)}." : null;
        var given = values ?? [];
        var fields = arms.Select((arm, i) =>
        {
            var text = i < given.Count ? given[i]?.Trim() : null;
            var error = string.IsNullOrEmpty(text) ? null
                : !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || !double.IsFinite(w) || w < 0 || w > MaxWeight
                    ? $"'{text}' is not a number from 0 to 1,000,000 (use a dot for decimals)."
                    : null;
            return new WeightField(arm.Name, arm.Weight, text, error);
        }).ToList();
        string? weightsError = null;
        if (given.Count > arms.Count && given.Skip(arms.Count).Any(v => !string.IsNullOrWhiteSpace(v)))
        {
            weightsError = $"There are {arms.Count} arms, so give {arms.Count} weights.";
        }
        else if (fields.Any(f => string.IsNullOrEmpty(f.Value)) && fields.Any(f => !string.IsNullOrEmpty(f.Value)))
        {
            weightsError = "Give every arm a weight, or leave them all empty to keep the current ones.";
        }
        else if (fields.All(f => f.Error is null && !string.IsNullOrEmpty(f.Value)) && fields.Sum(f => double.Parse(f.Value!, NumberStyles.Float, CultureInfo.InvariantCulture)) <= 0)
        {
            weightsError = "At least one weight must be above 0: the weights are relative shares of the traffic.";
        }

        return new StrategyInput(normalized ?? strategy, fields, strategyError, weightsError);
    }

    /// <summary>The form as the Models page first shows it: the live strategy, empty weights (the current ones as placeholders).</summary>
    public static StrategyInput Initial(string? strategy, IReadOnlyList<ConfiguredArm> arms) =>
        new(strategy, [.. arms.Select(a => new WeightField(a.Name, a.Weight, null, null))], null, null);
}
