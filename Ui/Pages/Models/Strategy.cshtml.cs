using System.Globalization;
using Bandit.Allocation;
using Bandit.Ui.Extensions;
using Bandit.Ui.Routing;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Pages.Models;

/// <summary>
/// Switch the Router's allocation strategy (and, for the hash split, its weights) after a confirmation, through
/// <c>PUT /admin/strategy</c> with the admin bearer key. The Router publishes the new config to the registry.
/// </summary>
public sealed class StrategyModel(RouterClient router, IOptions<UiOptions> options, ILogger<StrategyModel> logger) : PageModel
{
    public UiOptions Options { get; } = options.Value;

    [BindProperty(Name = "strategy", SupportsGet = true)]
    public string? Strategy { get; set; }

    /// <summary>Comma-separated weights, one per arm; empty = keep the current ones.</summary>
    [BindProperty(Name = "weights", SupportsGet = true)]
    public string? Weights { get; set; }

    public RouterConfigInfo? Current { get; private set; }

    public IReadOnlyList<double>? ParsedWeights { get; private set; }

    public string? Problem { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Validate())
        {
            try
            {
                Current = await router.GetConfigAsync(cancellationToken);
            }
            catch (UpstreamException e)
            {
                Problem = e.Message;
            }
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Validate())
        {
            return Page();
        }

        try
        {
            var config = await router.SetStrategyAsync(Strategy!, ParsedWeights, cancellationToken);
            UiLog.StrategySwitched(logger, config.Strategy ?? Strategy!, config.Version);
            Notice = $"The Router now allocates with {config.Strategy ?? Strategy} (config version {config.Version}).";
            return RedirectToPage("/Models/Index", null, "strategy");
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Strategy", e.Message);
            Problem = RouterClient.IsUnauthorized(e)
                ? $"The Router refused the admin key (401): the Ui's {UiOptions.AdminKeyKey} must equal the Router's. {e.Message}"
                : e.Message;
            return Page();
        }
    }

    /// <summary>Checks the strategy name and the weights; sets <see cref="Problem"/> when something is wrong.</summary>
    private bool Validate()
    {
        if (!Options.AdminEnabled)
        {
            Problem = $"Admin actions are disabled: set {UiOptions.AdminKeyKey} (the Router's admin key) in the Ui's configuration.";
            return false;
        }

        if (!StrategyNames.TryNormalize(Strategy, out var strategy))
        {
            Problem = $"Choose a strategy: {string.Join(", ", StrategyNames.All)}.";
            return false;
        }

        Strategy = strategy;
        if (string.IsNullOrWhiteSpace(Weights))
        {
            return true;
        }

        var parts = Weights.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var weights = new List<double>();
        foreach (var part in parts)
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || !double.IsFinite(w) || w < 0)
            {
                Problem = $"Weights are non-negative numbers separated by commas, like 0.5, 0.5; '{part}' is not one.";
                return false;
            }

            weights.Add(w);
        }

        ParsedWeights = weights;
        return true;
    }
}
