using System.ComponentModel.DataAnnotations;
using Bandit.Ui.Extensions;
using Bandit.Ui.Routing;
using Bandit.Ui.TryIt;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Pages;

/// <summary>
/// Try it: ask the Router for a user's recommendations, then click one (reward 1) or "none of these" (reward 0).
/// POST-redirect-GET throughout: the POSTs call the Router, the GET shows the list and what was recorded.
/// </summary>
public sealed class IndexModel(RouterClient router, ShownLists lists, IOptions<UiOptions> options, TimeProvider time, ILogger<IndexModel> logger)
    : PageModel
{
    public UiOptions Options { get; } = options.Value;

    /// <summary>Bounded by what the Router and its variants take (a 32-bit user id): a larger one was sent and refused with a bare 400.</summary>
    [BindProperty, Range(1d, int.MaxValue, ErrorMessage = "The user id is a whole number from 1 to 2,147,483,647.")]
    public long UserId { get; set; } = 1;

    [BindProperty, Range(1, 100, ErrorMessage = "Ask for 1 to 100 recommendations.")]
    public int K { get; set; }

    /// <summary>The list shown (from the redirect after a POST).</summary>
    public ShownList? Shown { get; private set; }

    public PageProblem? Problem { get; private set; }

    /// <summary>True when the user id is beyond the training data's users: the model has no history for them (cold start).</summary>
    public bool IsNewUser(long userId) => userId > Options.MaxUserId;

    [TempData]
    public string? ProblemAfterRedirect { get; set; }

    /// <summary>Whether <see cref="ProblemAfterRedirect"/> was an outage (no answer) rather than a refusal.</summary>
    [TempData]
    public bool OutageAfterRedirect { get; set; }

    public void OnGet(string? view)
    {
        K = Options.DefaultK;
        Problem = ProblemAfterRedirect is not { } message ? null
            : OutageAfterRedirect ? new PageProblem(PageProblem.OutageTitle, message, true) : PageProblem.Refused(message);
        if (view is null)
        {
            return;
        }

        Shown = lists.Find(view);
        if (Shown is null)
        {
            Problem ??= PageProblem.Refused("That recommendation list is no longer kept by the Ui; ask for new recommendations.");
            return;
        }

        UserId = Shown.UserId;
        K = Math.Max(1, Shown.Result.Items.Count);
    }

    public Task<IActionResult> OnPostRecommendAsync(CancellationToken cancellationToken) => RecommendAsync(UserId, cancellationToken);

    public Task<IActionResult> OnPostRandomAsync(CancellationToken cancellationToken)
    {
        ModelState.Remove(nameof(UserId));
        return RecommendAsync(Random.Shared.NextInt64(1, Options.MaxUserId + 1L), cancellationToken);
    }

    /// <summary>Sends the reward of the list's decision: 1 with the clicked movie, 0 for "none of these".</summary>
    public async Task<IActionResult> OnPostRewardAsync(string view, int reward, int? movieId, CancellationToken cancellationToken)
    {
        var shown = lists.Find(view);
        if (shown is null)
        {
            ProblemAfterRedirect = "That recommendation list is no longer kept by the Ui; ask for new recommendations.";
            return RedirectToPage();
        }

        if (shown.Reward is not null)
        {
            return RedirectToPage(new { view });
        }

        // A click (1) names a movie of this list and "none of these" (0) names none: a reward 1 for a movie not shown was
        // sent to the Router and then displayed as "reward 1 (none of these)".
        var item = movieId is { } id ? shown.Result.Items.FirstOrDefault(i => i.MovieId == id) : null;
        var refusal = shown.Result.DecisionId is null ? "The Router sent no decision id with this list, so no reward can be recorded for it."
            : reward is not (0 or 1) ? "A reward is 0 or 1."
            : reward == 1 && item is null ? "A click names one of the movies in this list; nothing was recorded."
            : reward == 0 && movieId is not null ? "\"None of these\" names no movie; nothing was recorded."
            : null;
        if (refusal is not null || shown.Result.DecisionId is not { } decisionId)
        {
            ProblemAfterRedirect = refusal;
            return RedirectToPage(new { view });
        }

        try
        {
            var answer = await router.RewardAsync(decisionId, reward, cancellationToken);
            lists.TryMarkRewarded(view, new SentReward(reward, item?.MovieId, item?.Title, answer, time.GetUtcNow()));
            UiLog.RewardSent(logger, reward, answer.Arm ?? shown.Result.Arm, answer.Status);
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Try it", e.Message);
            (ProblemAfterRedirect, OutageAfterRedirect) = (e.Message, PageProblem.From(e).Outage);
        }

        return RedirectToPage(new { view });
    }

    private async Task<IActionResult> RecommendAsync(long userId, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var result = await router.ChooseAsync(userId, K, cancellationToken);
            var shown = lists.Add(userId, result, time.GetUtcNow());
            return RedirectToPage(new { view = shown.Id });
        }
        catch (UpstreamException e)
        {
            UiLog.UpstreamFailed(logger, e.Service, "Try it", e.Message);
            UserId = userId;
            Problem = PageProblem.From(e);
            return Page();
        }
    }
}
