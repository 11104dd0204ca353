using System.ComponentModel.DataAnnotations;
using Bandit.Ui.Extensions;
using Bandit.Ui.Operators;
using Bandit.Ui.Registry;
using Bandit.Ui.Routing;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Pages.Models;

/// <summary>
/// Promote = move an alias to a version, after a confirmation, behind sign-in. The GET shows what will change (from which
/// version to which, with both runs' metrics, and an A/A warning when two arms would serve the same version); the POST
/// (antiforgery-checked) asks the Router to move the alias (<c>POST /admin/promote</c> with the operator's credential)
/// and redirects to the Models page. The Ui itself never writes the registry.
/// </summary>
public sealed class PromoteModel(ModelCatalog catalog, RouterClient router, IOptions<UiOptions> options, ILogger<PromoteModel> logger) : OperatorPageModel
{
    public UiOptions Options { get; } = options.Value;

    [BindProperty(Name = "model", SupportsGet = true), Required, RegularExpression(@"^[\w\-.]{1,255}$", ErrorMessage = "A model name is letters, digits, _, - and dots.")]
    public string RegisteredModel { get; set; } = "";

    [BindProperty(Name = "version", SupportsGet = true), Required, RegularExpression(@"^[1-9][0-9]{0,17}$", ErrorMessage = "A version is a whole number from 1.")]
    public string Version { get; set; } = "";

    [BindProperty(Name = "alias", SupportsGet = true), Required, RegularExpression(@"^[\w\-]{1,255}$", ErrorMessage = "An alias is letters, digits, _ and -.")]
    public string Alias { get; set; } = "";

    [BindProperty(Name = "reason"), StringLength(500, ErrorMessage = "A reason is at most 500 characters.")]
    public string? Reason { get; set; }

    public VersionView? Target { get; private set; }

    public VersionView? Current { get; private set; }

    /// <summary>The arms that would serve the same version after this promotion (empty when none).</summary>
    public IReadOnlyList<IReadOnlyList<ArmServing>> AaAfter { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Problem = PageProblem.Refused(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
            return Page();
        }

        try
        {
            Target = await catalog.FindVersionAsync(RegisteredModel, Version, cancellationToken);
            if (Target is null)
            {
                Problem = PageProblem.Refused($"{RegisteredModel} has no version {Version}.");
                return Page();
            }

            if (await catalog.GetAliasTargetAsync(RegisteredModel, Alias, cancellationToken) is { } current)
            {
                Current = await catalog.FindVersionAsync(RegisteredModel, current, cancellationToken);
            }

            AaAfter = await AaAfterAsync(cancellationToken);
        }
        catch (UpstreamException e)
        {
            await FailedAsync(e, "Promote", logger);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Problem = PageProblem.Refused(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
            return Page();
        }

        try
        {
            var reason = string.IsNullOrWhiteSpace(Reason) ? $"promoted in the Ui by {User.Identity?.Name}" : Reason.Trim();
            var moved = await router.PromoteAsync(Credential, RegisteredModel, Alias, Version, reason, cancellationToken);
            UiLog.AliasMoved(logger, RegisteredModel, Alias, Version, moved.PreviousVersion);
            var aa = await AaNowAsync(cancellationToken);
            Notice = (moved.Changed
                ? $"Promoted: {Alias} of {RegisteredModel} now points at version {Version}{(moved.PreviousVersion is null ? "" : $" (was {moved.PreviousVersion})")}. The variant serving {Alias} loads it within seconds."
                : $"{Alias} already pointed at {RegisteredModel} version {Version}; nothing changed.")
                + (aa is null ? "" : " Warning: " + aa);
            return RedirectToPage("/Models/Index");
        }
        catch (UpstreamException e)
        {
            await FailedAsync(e, "Promote", logger);
            return Page();
        }
    }

    /// <summary>Arms that would share a version after the move (only the policy model's aliases serve arms).</summary>
    private async Task<IReadOnlyList<IReadOnlyList<ArmServing>>> AaAfterAsync(CancellationToken cancellationToken) =>
        RegisteredModel != Options.ModelName ? [] : ServingVersions.SameVersion(ServingVersions.After(await ArmsAsync(cancellationToken), Alias, Version));

    private async Task<string?> AaNowAsync(CancellationToken cancellationToken)
    {
        try
        {
            var groups = RegisteredModel == Options.ModelName ? ServingVersions.SameVersion(await ArmsAsync(cancellationToken)) : [];
            return groups.Count == 0 ? null : ServingVersions.Warning(groups[0], RegisteredModel);
        }
        catch (UpstreamException)
        {
            return null; // the promotion happened; the warning is a courtesy
        }
    }

    /// <summary>The Router's arms with the version their alias points at (the configured policy aliases when the Router does not answer).</summary>
    private async Task<IReadOnlyList<ArmServing>> ArmsAsync(CancellationToken cancellationToken)
    {
        var targets = await catalog.GetAliasTargetsAsync(Options.ModelName, cancellationToken);
        IReadOnlyList<(string Arm, string? Alias)> arms;
        try
        {
            arms = [.. (await router.GetConfigAsync(cancellationToken)).Arms.Select(a => (a.Name, a.Alias))];
        }
        catch (UpstreamException)
        {
            arms = [.. Options.PolicyAliases.Select(a => (a, (string?)a))];
        }

        return [.. arms.Select(a => new ArmServing(a.Arm, a.Alias, a.Alias is null ? null : targets.GetValueOrDefault(a.Alias)))];
    }
}
