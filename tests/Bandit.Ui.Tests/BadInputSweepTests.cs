using System.Text;
using Bandit.TestSupport;
using Bandit.Ui.Tests.Support;
using Xunit.Abstractions;

namespace Bandit.Ui.Tests;

/// <summary>
/// Bad input on the Ui. Its OpenAPI document (the JSON/file routes; Razor pages are not in it) through the shared sweep
/// (<see cref="BadInputSweep"/>): never a 5xx, every 4xx a problem. Every form post and every page's query with garbage
/// in each field, with and without the antiforgery token, as an operator and not, plus a body over the form limits and
/// the wrong Content-Type: never a 5xx and never a stack trace (in Development, where the developer exception page is on),
/// and the Router sees no change it was not asked for.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class BadInputSweepTests(RegistryFixture registry, ITestOutputHelper output) : FakeRouterPageTests(registry)
{
    /// <summary>
    /// Form posts (handler URL and the fields its page binds). The reset takes no fields, so with an operator's token any
    /// post is a real reset: it is sent without sign-in only (with an anonymous token and without one).
    /// </summary>
    private static readonly (string Action, string[] Fields)[] Posts =
    [
        ("/experiment/reset", ["confirm"]),
        ("/?handler=Recommend", ["UserId", "K"]), ("/?handler=Random", ["K"]), ("/?handler=Reward", ["view", "reward", "movieId"]),
        ("/signin", ["Credential", "ReturnUrl"]), ("/signout", ["ReturnUrl"]), ("/models/promote", ["model", "version", "alias", "reason"]),
        ("/models/strategy", ["strategy", "weights"]), ("/error", ["status"]),
    ];

    /// <summary>Pages and the query parameters they read.</summary>
    private static readonly (string Page, string[] Fields)[] Gets =
    [
        ("/", ["view"]), ("/report", ["split"]), ("/models/promote", ["model", "version", "alias"]), ("/models/strategy", ["strategy", "weights"]),
        ("/signin", ["ReturnUrl"]), ("/error", ["status"]), ("/experiment", ["window"]), ("/models", ["x"]),
    ];

    /// <summary>
    /// The garbage for form fields and page queries: a cut of <see cref="BadInputValues"/> (each page renders in full and a
    /// refused sign-in costs 400 ms by design, so all of them would take half a minute).
    /// </summary>
    private static readonly string[] Values = ["abc", "-1", "99999999999999999999999", "%ff%fe", "%ED%A0%80", "%2e%2e%2f%2e%2e%2f", "%E2%80%AE1", "%00", "a%0D%0Ab", new string('a', 4000)];

    [Fact]
    public async Task ApiOperations_BadInput_AreNever5xxAndAlwaysAProblem()
    {
        // On Kestrel: the sweep sends its targets byte for byte, which the in-memory test server cannot take.
        await using var ui = new UiApplication(Router.BaseAddress, Registry.TrackingUri, modelName: Registry.Seeded.ModelName, kestrel: true);
        ui.StartServer();
        using var http = new HttpClient { BaseAddress = ui.ServerAddress };

        var report = await BadInputSweep.RunAsync(new BadInputSweepOptions
        {
            Http = http,
            MaxBodyBytes = 64 * 1024,
            ServesPages = true,
            PathValues = new Dictionary<string, string> { ["runId"] = Registry.Seeded.ComparisonRun, ["path"] = "plots/cv_auc_box.png" },
        });

        output.WriteLine(report.ToString());
        report.AssertClean();
        Assert.Contains("GET /artifacts/{runId}/{path}", report.Operations);
    }

    [Fact]
    public async Task FormsAndPages_BadInput_AreNever5xxNorAStackTraceAndChangeNothing()
    {
        var operatorClient = await Ui.CreateSignedInClientAsync();
        var anonymous = Ui.CreateClient();
        var token = await Forms.GetTokenAsync(operatorClient, "/models");
        var anonymousToken = await Forms.GetTokenAsync(anonymous, "/signin");
        var before = RouterState();
        var failures = new List<string>();
        var sent = 0;

        foreach (var (action, fields) in Posts)
        {
            var senders = action == "/experiment/reset" ? new[] { (anonymous, anonymousToken), (anonymous, (string?)null) } : [(operatorClient, token), (anonymous, null)];
            foreach (var (client, antiforgery) in senders)
            {
                foreach (var body in FormBodies(fields, antiforgery))
                {
                    sent++;
                    await CheckAsync(client, HttpMethod.Post, action, new StringContent(body.Text, Encoding.UTF8, body.ContentType), failures);
                }
            }
        }

        foreach (var (page, fields) in Gets)
        {
            foreach (var field in fields)
            {
                foreach (var value in Values)
                {
                    sent++;
                    await CheckAsync(operatorClient, HttpMethod.Get, $"{page}{(page.Contains('?') ? '&' : '?')}{field}={value}", null, failures);
                }
            }
        }

        output.WriteLine($"{sent} requests, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
        Assert.Equal(before, RouterState());
    }

    /// <summary>
    /// A key that cannot travel as an Authorization header is a mistake in the form, said on the page: before, a line
    /// break answered 500 (HttpClient refused the header) and a non-ASCII key was reported as the Router being unreachable.
    /// </summary>
    [Theory]
    [InlineData("a%0D%0Ab")]
    [InlineData("cl%C3%A9")]
    [InlineData("%E2%80%AEkey")]
    public async Task SignIn_KeyThatCannotBeAHeader_IsAFormErrorAndNoCallToTheRouter(string key)
    {
        var client = Ui.CreateClient();
        var token = await Forms.GetTokenAsync(client, "/signin");
        var calls = Router.WhoAmICalls.Count;

        using var response = await client.PostAsync("/signin", new StringContent(
            $"Credential={key}&__RequestVerificationToken={Uri.EscapeDataString(token)}", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("A key is one line of printable ASCII characters.", html);
        Assert.Equal(calls, Router.WhoAmICalls.Count);
        PageAssert.NoStackTrace(html);
    }

    /// <summary>Each field alone set to each garbage value, all fields at once, an empty body, JSON, and a value over the form limits.</summary>
    private static IEnumerable<(string Text, string ContentType)> FormBodies(string[] fields, string? token)
    {
        const string Form = "application/x-www-form-urlencoded";
        var tail = token is null ? "" : "&__RequestVerificationToken=" + Uri.EscapeDataString(token);
        foreach (var field in fields)
        {
            foreach (var value in Values)
            {
                yield return ($"{field}={value}{tail}", Form);
            }

            yield return ($"{field}={field}=1&{field}=2{tail}", Form);
        }

        yield return (string.Join('&', fields.Select(f => f + "=%ff")) + tail, Form);
        yield return (tail.TrimStart('&'), Form);
        yield return ("{\"UserId\": 1}", "application/json");
        yield return ($"{fields[0]}={new string('a', 5 * 1024 * 1024)}{tail}", Form); // over FormOptions.ValueLengthLimit (4 MiB)
        yield return (string.Concat(Enumerable.Range(0, 2000).Select(i => $"f{i}=1&")) + tail.TrimStart('&'), Form); // over the 1024-value form limit
    }

    private static async Task CheckAsync(HttpClient client, HttpMethod method, string target, HttpContent? content, List<string> failures)
    {
        using var request = new HttpRequestMessage(method, new Uri(client.BaseAddress!, target)) { Content = content };
        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var label = $"{method} {target[..Math.Min(target.Length, 120)]} {(content is null ? "" : (await content.ReadAsStringAsync())[..Math.Min(80, (int)(content.Headers.ContentLength ?? 0))])}";
        if (status >= 500 || html.Contains("   at ", StringComparison.Ordinal) || html.Contains(".cs:line", StringComparison.Ordinal) || html.Contains("Exception:", StringComparison.Ordinal))
        {
            failures.Add($"{label} -> {status}: {html[..Math.Min(html.Length, 300)]}");
        }
    }

    /// <summary>What the Ui could have changed on the Router: strategy, resets, admin calls that were accepted.</summary>
    private string RouterState() => $"{Router.Strategy} resets={Router.ResetCount} rewards={Router.Rewards.Count}";
}
