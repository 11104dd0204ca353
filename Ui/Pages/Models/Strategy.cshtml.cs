using Bandit.Ui.Extensions;
using Bandit.Ui.Operators;
using Bandit.Ui.Routing;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Mvc;

namespace Bandit.Ui.Pages.Models;

/// <summary>
/// Switch the Router's allocation strategy (and, for the hash split, its weights) after a confirmation, behind sign-in,
/// through <c>PUT /admin/strategy</c> with the operator's credential. A wrong value sends the form back with the error
/// next to its field and the values kept; only a valid switch reaches the confirmation.
/// </summary>
public sealed class StrategyModel(RouterClient router, ILogger<StrategyModel> logger) : OperatorPageModel
{
    [BindProperty(Name = "strategy", SupportsGet = true)]
    public string? Strategy { get; set; }

    /// <summary>One weight per arm, in the order of the Router's arms; all empty = keep the current ones.</summary>
    [BindProperty(Name = "weights", SupportsGet = true)]
    public string?[]? Weights { get; set; }

    public RouterConfigInfo? Current { get; private set; }

    public StrategyInput? Input { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await CheckAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await CheckAsync(cancellationToken))
        {
            return Page();
        }

        try
        {
            var config = await router.SetStrategyAsync(Credential, Input!.Strategy!, Input.Parsed, cancellationToken);
            UiLog.StrategySwitched(logger, config.Strategy ?? Input.Strategy!, config.Version);
            Notice = $"The Router now allocates with {config.Strategy ?? Input.Strategy} (config version {config.Version}).";
            return RedirectToPage("/Models/Index", null, "strategy");
        }
        catch (UpstreamException e)
        {
            await FailedAsync(e, "Strategy", logger);
            return Page();
        }
    }

    /// <summary>Reads the live config (for the arms) and checks the form against it.</summary>
    private async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            Current = await router.GetConfigAsync(cancellationToken);
        }
        catch (UpstreamException e)
        {
            await FailedAsync(e, "Strategy", logger);
            return false;
        }

        Input = StrategyInput.Check(Strategy, Weights, Current.Arms);
        return Input.IsValid;
    }
}
