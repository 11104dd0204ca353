using System.Net;
using System.Text.RegularExpressions;
using Bandit.Ui.Tests.Support;

namespace Bandit.Ui.Tests;

[Collection(UiCollection.Name)]
public sealed partial class TryItPageTests(RegistryFixture registry) : FakeRouterPageTests(registry)
{
    [Fact]
    public async Task Recommend_ForUser_ShowsItemsWithTitleYearGenresScoreArmAndModelVersion()
    {
        var client = Ui.CreateClient();

        var (html, _) = await RecommendAsync(client, userId: 42, k: 5);

        var text = Forms.Text(html);
        Assert.Contains("Toy Story", text);
        Assert.Contains("1995", text);
        Assert.Contains("Animation", text);
        Assert.Contains("0.900", text); // the fake scores item 0 as 0.9 - 0 * 0.05 - (42 % 7 = 0) * 0.01
        Assert.Contains("Arm PolicyA", text);
        Assert.Contains("Model version 1", text);
        Assert.Equal(5, ItemButton().Matches(html).Count);
        Assert.Equal(1, Router.Counts("PolicyA").Pulls);
    }

    [Fact]
    public async Task ClickItem_AfterRecommend_SendsReward1ForThatDecisionAndShowsWhatWasRecorded()
    {
        var client = Ui.CreateClient();
        var (_, view) = await RecommendAsync(client, userId: 7, k: 10);

        using var response = await Forms.PostAsync(client, $"/?view={view}", "/?handler=Reward",
            new Dictionary<string, string> { ["view"] = view, ["reward"] = "1", ["movieId"] = "318" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(Router.Rewards);
        Assert.Equal(Assert.Single(Router.IssuedDecisions), sent.DecisionId);
        Assert.Equal(1, sent.Reward);
        var text = Forms.Text(html);
        Assert.Contains("Recorded: reward 1 for “Shawshank Redemption, The” on arm PolicyA", text);
        Assert.Contains("the Router says recorded", text);
        Assert.Equal((1L, 1L, 1.0), Router.Counts("PolicyA"));
    }

    [Fact]
    public async Task NoneOfThese_AfterRecommend_SendsReward0()
    {
        var client = Ui.CreateClient();
        var (_, view) = await RecommendAsync(client, userId: 3, k: 5);

        using var response = await Forms.PostAsync(client, $"/?view={view}", "/?handler=Reward",
            new Dictionary<string, string> { ["view"] = view, ["reward"] = "0" });

        Assert.Equal(0, Assert.Single(Router.Rewards).Reward);
        Assert.Contains("reward 0 (none of these)", Forms.Text(await response.Content.ReadAsStringAsync()));
        Assert.Equal((1L, 1L, 0.0), Router.Counts("PolicyA"));
    }

    [Fact]
    public async Task SecondClick_OnRewardedList_SendsNothingMore()
    {
        var client = Ui.CreateClient();
        var (_, view) = await RecommendAsync(client, userId: 3, k: 5);
        var fields = new Dictionary<string, string> { ["view"] = view, ["reward"] = "1", ["movieId"] = "1" };
        (await Forms.PostAsync(client, $"/?view={view}", "/?handler=Reward", fields)).Dispose();

        using var again = await Forms.PostAsync(client, $"/?view={view}", "/?handler=Reward", fields);

        Assert.Single(Router.Rewards);
        Assert.Contains("disabled", ItemButton().Match(await again.Content.ReadAsStringAsync()).Value);
    }

    [Theory]
    [InlineData("1", "99999999", "A click names one of the movies in this list; nothing was recorded.")] // a movie not in the list
    [InlineData("1", null, "A click names one of the movies in this list; nothing was recorded.")]
    [InlineData("0", "318", "\"None of these\" names no movie; nothing was recorded.")]
    public async Task Reward_ThatDoesNotMatchTheList_IsRefusedAndSendsNothing(string reward, string? movieId, string message)
    {
        var client = Ui.CreateClient();
        var (_, view) = await RecommendAsync(client, userId: 7, k: 10);
        var fields = new Dictionary<string, string> { ["view"] = view, ["reward"] = reward };
        if (movieId is not null)
        {
            fields["movieId"] = movieId;
        }

        using var response = await Forms.PostAsync(client, $"/?view={view}", "/?handler=Reward", fields);
        var text = Forms.Text(await response.Content.ReadAsStringAsync());

        // Before the fix the Router got reward 1 and the page said "Recorded: reward 1 (none of these)".
        Assert.Empty(Router.Rewards);
        Assert.Contains(message, text);
        Assert.DoesNotContain("Recorded:", text);
        Assert.Equal((1L, 0L, 0.0), Router.Counts("PolicyA"));
    }

    [Fact]
    public async Task Recommend_PostsThenRedirects_SoAReloadAsksNothingAgain()
    {
        var client = Ui.CreateNonRedirectingClient();

        using var response = await Forms.PostAsync(client, "/", "/?handler=Recommend", new Dictionary<string, string> { ["UserId"] = "5", ["K"] = "5" });
        var location = response.Headers.Location?.ToString();
        (await client.GetAsync(location)).Dispose();
        (await client.GetAsync(location)).Dispose();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/?view=", location);
        Assert.Equal(1, Router.Counts("PolicyA").Pulls + Router.Counts("PolicyB").Pulls);
    }

    [Fact]
    public async Task Recommend_WithoutAntiforgeryToken_IsRefusedWithAFriendlyPage()
    {
        var client = Ui.CreateClient();

        using var response = await client.PostAsync("/?handler=Recommend", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserId"] = "5", ["K"] = "5" }));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Bad request", html);
        Assert.Equal(0, Router.Counts("PolicyA").Pulls);
    }

    [Fact]
    public async Task Recommend_RouterRefusesConnections_ShowsReadableMessageNotAStackTrace()
    {
        var closed = new Uri($"http://127.0.0.1:{TestSupport.FreePort.Next()}");
        await using var ui = new UiApplication(closed, Registry.TrackingUri);
        var client = ui.CreateClient();

        using var response = await Forms.PostAsync(client, "/", "/?handler=Recommend", new Dictionary<string, string> { ["UserId"] = "5", ["K"] = "5" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"The Router at {closed.GetLeftPart(UriPartial.Authority)} is not answering: connection refused.", Forms.Text(html));
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task Recommend_Router503_ShowsStatusAndProblemDetail()
    {
        Router.FailWith = HttpStatusCode.ServiceUnavailable;
        var client = Ui.CreateClient();

        using var response = await Forms.PostAsync(client, "/", "/?handler=Recommend", new Dictionary<string, string> { ["UserId"] = "5", ["K"] = "5" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("answered 503 Service Unavailable to POST /choose: router unavailable (the fake router was told to fail: no healthy arm)", Forms.Text(html));
        PageAssert.NoStackTrace(html);
    }

    [Fact]
    public async Task Recommend_UnknownUser_IsAllowedAndLabelledNew_AndScoreBarsAreScaledWithinTheList()
    {
        var client = Ui.CreateClient();

        var (html, _) = await RecommendAsync(client, userId: 100_000, k: 5);
        var (known, _) = await RecommendAsync(client, userId: 42, k: 5);

        Assert.Contains("id=\"new-user\"", html);
        Assert.Contains("new user", Forms.Text(html));
        Assert.DoesNotContain("id=\"new-user\"", known);
        Assert.Contains("Users 1–610 are in the training data", Forms.Text(known));
        // Scores 0.9 - i × 0.05 (user 42): the highest bar is full, the lowest 10%, the others in between by score.
        Assert.Equal(["100%", "77.5%", "55%", "32.5%", "10%"], BarWidth().Matches(known).Select(m => m.Groups[1].Value));
        Assert.DoesNotContain("max=\"610\"", known); // the browser does not refuse a new user's id
        Assert.Contains("formnovalidate", known); // nor block "Random user" on the field's value
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-4")]
    [InlineData("2147483648")] // past the Router's 32-bit user id: it answered a bare "400 Invalid recommend request"
    public async Task Recommend_InvalidUserId_ShowsValidationMessageAndCallsNothing(string userId)
    {
        var client = Ui.CreateClient();

        using var response = await Forms.PostAsync(client, "/", "/?handler=Recommend", new Dictionary<string, string> { ["UserId"] = userId, ["K"] = "5" });

        Assert.Contains("The user id is a whole number from 1 to 2,147,483,647.", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, Router.Counts("PolicyA").Pulls);
    }

    private static async Task<(string Html, string View)> RecommendAsync(HttpClient client, long userId, int k)
    {
        using var response = await Forms.PostAsync(client, "/", "/?handler=Recommend",
            new Dictionary<string, string> { ["UserId"] = userId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["K"] = k.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, html);
        var view = ViewId().Match(html);
        Assert.True(view.Success, "the page shows no recommendation list: " + Forms.Text(html));
        return (html, view.Groups[1].Value);
    }

    [GeneratedRegex("<button type=\"submit\" class=\"item[^>]*>")]
    private static partial Regex ItemButton();

    [GeneratedRegex("<span class=\"bar\"><span style=\"width:([0-9.]+%)\"></span></span>")]
    private static partial Regex BarWidth();

    [GeneratedRegex("name=\"view\" value=\"([0-9a-f]+)\"")]
    private static partial Regex ViewId();
}
