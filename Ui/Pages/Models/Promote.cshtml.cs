using System.ComponentModel.DataAnnotations;
using Bandit.Ui.Extensions;
using Bandit.Ui.Registry;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Pages.Models;

/// <summary>
/// Promote = move an alias to a version, after a confirmation: the GET shows what will change (from which version to
/// which, with both runs' metrics), the POST (antiforgery-checked) moves the alias and redirects to the Models page.
/// </summary>
public sealed class PromoteModel(ModelCatalog catalog, IOptions<UiOptions> options, ILogger<PromoteModel> logger) : PageModel
{
    public UiOptions Options { get; } = options.Value;

    [BindProperty(Name = "model", SupportsGet = true), Required, RegularExpression(@"^[\w\-.]{1,255}$", ErrorMessage = "A model name is letters, digits, _, - and dots.")]
    public string RegisteredModel { get; set; } = "";

    [BindProperty(Name = "version", SupportsGet = true), Required, RegularExpression(@"^[0-9]{1,18}$", ErrorMessage = "A version is a number.")]
    public string Version { get; set; } = "";

    [BindProperty(Name = "alias", SupportsGet = true), Required, RegularExpression(@"^[\w\-]{1,255}$", ErrorMessage = "An alias is letters, digits, _ and -.")]
    public string Alias { get; set; } = "";

    public VersionView? Target { get; private set; }

    public VersionView? Current { get; private set; }

    public string? Problem { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Problem = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
            return Page();
        }

        try
        {
            Target = await catalog.FindVersionAsync(RegisteredModel, Version, cancellationToken);
            if (Target is null)
            {
                Problem = $"{RegisteredModel} has no version {Version}.";
                return Page();
            }

            if (await catalog.GetAliasTargetAsync(RegisteredModel, Alias, cancellationToken) is { } current)
            {
                Current = await catalog.FindVersionAsync(RegisteredModel, current, cancellationToken);
            }
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Promote", e.Message);
            Problem = e.Message;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Options.AdminEnabled)
        {
            Problem = $"Admin actions are disabled: set {UiOptions.AdminKeyKey} in the Ui's configuration.";
            return Page();
        }

        if (!ModelState.IsValid)
        {
            Problem = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
            return Page();
        }

        try
        {
            if (await catalog.FindVersionAsync(RegisteredModel, Version, cancellationToken) is null)
            {
                Problem = $"{RegisteredModel} has no version {Version}.";
                return Page();
            }

            var previous = await catalog.GetAliasTargetAsync(RegisteredModel, Alias, cancellationToken);
            await catalog.SetAliasAsync(RegisteredModel, Alias, Version, cancellationToken);
            UiLog.AliasMoved(logger, RegisteredModel, Alias, Version, previous);
            Notice = previous == Version
                ? $"{Alias} already pointed at {RegisteredModel} version {Version}; nothing changed."
                : $"Promoted: {Alias} of {RegisteredModel} now points at version {Version}{(previous is null ? "" : $" (was {previous})")}. The variant serving {Alias} loads it within seconds.";
            return RedirectToPage("/Models/Index");
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Promote", e.Message);
            Problem = e.Message;
            return Page();
        }
    }
}
