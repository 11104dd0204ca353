using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Bandit.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bandit.EndToEnd.Tests;

/// <summary>
/// The whole system, started by the AppHost, through its public HTTP surface as a user drives it. The tests share
/// one running system, so each sets the strategy it needs first and puts back what it moves.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SystemTests(AspireSystem system, ITestOutputHelper output)
{
    private const string ModelName = AspireSystem.ModelName;

    private static readonly SimulatedUsers Users = new();

    [Fact]
    public async Task Thompson_WeakVersionPromotedToPolicyA_EveryArmServesFirstThenTheOthersGetTheTraffic()
    {
        // The trained policies are close on this reward (their CTRs differ by about a point), too
        // close for any fixed-length run to pick a winner reliably. So, as a user would see it when a
        // poor model reaches production: the real Trainer trains on the ratings of 15 users only,
        // registers that version, and it is promoted to PolicyA; the other arms keep the full models.
        var original = (await system.Mlflow.GetModelVersionByAliasAsync(ModelName, "PolicyA")).Version;
        var weak = await RegisterWeakVersionAsync();
        await system.UseStrategyAsync("hash", OnlyPolicyA());
        await system.Mlflow.SetAliasAsync(ModelName, "PolicyA", weak);
        try
        {
            await WaitUntilVariantAServesAsync(weak);
            await system.UseStrategyAsync("thompson");

            var outcomes = await Users.DriveAsync(system.Router, count: 1000, concurrency: 4, seed: 20261123);

            var byArm = outcomes.GroupBy(o => o.Arm).ToDictionary(g => g.Key, g => (n: g.Count(), ctr: g.Average(o => o.Reward)));
            foreach (var (arm, (n, ctr)) in byArm)
            {
                output.WriteLine($"{arm}: {n} decisions, CTR {ctr:F3}");
            }

            var first = outcomes.Take(100).ToList();
            var last = outcomes.TakeLast(300).ToList();
            double ShareOthers(IReadOnlyCollection<Outcome> xs) => xs.Count(o => o.Arm != "PolicyA") / (double)xs.Count;
            output.WriteLine($"share of the arms other than the weak PolicyA: {ShareOthers(first):P1} of the first 100, {ShareOthers(last):P1} of the last 300");

            // Every arm starts from Beta(1,1). Even if every PolicyA pull misses, after m misses its posterior is
            // Beta(1, 1+m), above a CTR c with probability (1−c)^(1+m); every arm's CTR here is below 0.3, so while
            // m < 5 PolicyA's draw tops the best other arm's mean with probability ≥ 0.7^5 ≈ 0.168. So A gets at least
            // 3 of the first 100 decisions unless Binomial(100, 0.168) ≤ 2 (p ≈ 2.3e-6); the same holds for every arm.
            Assert.All(system.ConfigArms, arm => Assert.True(first.Count(o => o.Arm == arm.Name) >= 3, $"{arm.Name}: {first.Count(o => o.Arm == arm.Name)} of the first 100"));

            // The weak arm really is worse on the held-out ratings than each of the others, and Thompson moves the traffic away.
            Assert.All(byArm.Where(a => a.Key != "PolicyA"), a => Assert.True(a.Value.ctr > byArm["PolicyA"].ctr, $"{a.Key} should have a higher CTR than the weak PolicyA"));
            Assert.True(ShareOthers(last) > 0.8, $"the arms other than PolicyA had {ShareOthers(last):P1} of the last 300");

            // The Router counted exactly what the users reported.
            var stats = await GetJsonAsync(system.Router, "/stats");
            var arms = stats.GetProperty("arms").EnumerateArray().ToList();
            Assert.Equal(outcomes.Count, arms.Sum(a => a.GetProperty("updates").GetInt64()));
            Assert.Equal(outcomes.Sum(o => o.Reward), arms.Sum(a => a.GetProperty("rewards").GetDouble()), precision: 6);
        }
        finally
        {
            await system.Mlflow.SetAliasAsync(ModelName, "PolicyA", original);
            await WaitUntilVariantAServesAsync(original);
        }
    }

    /// <summary>Runs the real Trainer on a 15-user slice of ml-latest-small and returns its PolicyA version.</summary>
    private async Task<string> RegisterWeakVersionAsync()
    {
        var shipped = Bandit.MovieLens.MovieLensDataSets.LocateShipped();
        var folder = Path.Combine(Path.GetTempPath(), "bandit-e2e-weak-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(shipped, "movies.csv"), Path.Combine(folder, "movies.csv"));
        var lines = File.ReadLines(Path.Combine(shipped, "ratings.csv"))
            .Where((line, i) => i == 0 || int.Parse(line.AsSpan(0, line.IndexOf(',')), System.Globalization.CultureInfo.InvariantCulture) <= 15);
        File.WriteAllLines(Path.Combine(folder, "ratings.csv"), lines);

        var before = (await system.Mlflow.SearchAllModelVersionsAsync(ModelName)).Select(v => v.Version).ToHashSet();
        await TrainerProcess.RunAsync(system.TrackingUri, $"--data {folder} --folds 2 --bootstrap 100", output);
        var added = (await system.Mlflow.SearchAllModelVersionsAsync(ModelName)).Where(v => !before.Contains(v.Version)).ToList();
        return Assert.Single(added, v => v.Tags.Any(t => t.Key == "policy" && t.Value == "PolicyA")).Version;
    }

    private async Task WaitUntilVariantAServesAsync(string version)
    {
        var watch = Stopwatch.StartNew();
        string? served = null;
        while (watch.Elapsed < TimeSpan.FromSeconds(10) && served != version)
        {
            served = (await GetJsonAsync(system.VariantA, "/model")).GetProperty("modelVersion").GetString();
            await Task.Delay(100);
        }

        output.WriteLine($"variant-a served version {served} {watch.Elapsed.TotalSeconds:F1} s after the alias moved");
        Assert.Equal(version, served);
    }

    [Fact]
    public async Task Promote_PolicyBVersionToPolicyA_VariantAServesItWithin10Seconds()
    {
        var original = (await system.Mlflow.GetModelVersionByAliasAsync(ModelName, "PolicyA")).Version;
        var target = (await system.Mlflow.GetModelVersionByAliasAsync(ModelName, "PolicyB")).Version;
        Assert.NotEqual(original, target);
        await system.UseStrategyAsync("hash", OnlyPolicyA());

        try
        {
            await system.Mlflow.SetAliasAsync(ModelName, "PolicyA", target);
            await WaitUntilVariantAServesAsync(target);

            // Every arm-A answer through the Router now comes from the promoted version.
            var outcomes = await Users.DriveAsync(system.Router, count: 20, concurrency: 2, seed: 7);
            Assert.All(outcomes, o => Assert.Equal(("PolicyA", target), (o.Arm, o.ModelVersion)));
        }
        finally
        {
            await system.Mlflow.SetAliasAsync(ModelName, "PolicyA", original);
            await WaitUntilVariantAServesAsync(original);
        }
    }

    [Fact]
    public async Task Hash_SwitchedThroughAdminApi_SplitFollowsWeightsAndUsersStick()
    {
        // PolicyA 0.6, the other arms share 0.4 equally.
        double Weight(string arm) => arm == "PolicyA" ? 0.6 : 0.4 / (system.ConfigArms.Count - 1);
        await system.UseStrategyAsync("hash", system.Weights(Weight));
        var config = await GetJsonAsync(system.Router, "/config");
        Assert.Equal("hash", config.GetProperty("config").GetProperty("strategy").GetString());

        // 1,000 distinct (cold-start) users: the share of arm A is binomial(1000, 0.6) / 1000 if the hash
        // spreads users uniformly; 4 standard deviations = 4·sqrt(0.6·0.4/1000) ≈ 0.062.
        const int n = 1000;
        var outcomes = await Users.DriveAsync(system.Router, n, concurrency: 4, seed: 1, pickUser: i => 1_000_000 + i);
        var shareA = outcomes.Count(o => o.Arm == "PolicyA") / (double)n;
        output.WriteLine($"hash {string.Join("/", system.Weights(Weight))}: PolicyA share {shareA:F3} over {n} users");
        Assert.InRange(shareA, 0.6 - 0.062, 0.6 + 0.062);
        Assert.All(outcomes, o => Assert.Equal(Weight(o.Arm), o.Propensity, precision: 3));

        // The same users again get the same arms.
        var again = await Users.DriveAsync(system.Router, 200, concurrency: 4, seed: 1, pickUser: i => 1_000_000 + i);
        Assert.Equal(outcomes.Take(200).Select(o => o.Arm), again.Select(o => o.Arm));
    }

    [Fact]
    public async Task Trace_OneChoose_DashboardShowsRouterAndVariantSpansUnderOneTraceId()
    {
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/choose") { Content = JsonContent.Create(new { userId = 1, k = 5 }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(BitConverter.GetBytes(42L))}-01");

        using var response = await system.Router.SendAsync(request);
        response.EnsureSuccessStatusCode();

        // What a user opens in the dashboard: the trace by id, from the dashboard's own telemetry API.
        var watch = Stopwatch.StartNew();
        IReadOnlyList<DashboardSpan> spans = [];
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            spans = await system.Dashboard.TraceAsync(traceId);
            if (spans.Any(s => s.Service == "router" && s.Kind == 2) && spans.Any(s => s.Service.StartsWith("variant-", StringComparison.Ordinal) && s.Kind == 2))
            {
                break;
            }

            await Task.Delay(500);
        }

        foreach (var s in spans)
        {
            output.WriteLine($"{s.Service}: {s.Name} kind={s.Kind} parent={s.ParentSpanId}");
        }

        // OTLP span kinds: 2 = server, 3 = client. The Router's server span, its client call, and the variant's server span.
        Assert.All(spans, s => Assert.Equal(traceId, s.TraceId));
        Assert.Contains(spans, s => s.Service == "router" && s.Kind == 2);
        Assert.Contains(spans, s => s.Service == "router" && s.Kind == 3);
        Assert.Contains(spans, s => s.Service.StartsWith("variant-", StringComparison.Ordinal) && s.Kind == 2);
    }

    [Fact]
    public async Task Trace_RecommendationsAskedInTheUi_DashboardShowsUiRouterAndVariantUnderOneTraceId()
    {
        // As a person does it: open Try it, pick user 42, press the button (a form post with its antiforgery token).
        using var ui = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = system.Ui.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var page = await ui.GetStringAsync("/");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);

        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var post = new HttpRequestMessage(HttpMethod.Post, "/?handler=Recommend")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["UserId"] = "42", ["K"] = "5" }),
        };
        post.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(BitConverter.GetBytes(7L))}-01");
        using var response = await ui.SendAsync(post);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode); // POST-redirect-GET: the list was fetched

        var watch = Stopwatch.StartNew();
        IReadOnlyList<DashboardSpan> spans = [];
        while (watch.Elapsed < TimeSpan.FromSeconds(30)
            && !(spans.Any(s => s.Service == "ui" && s.Kind == 2) && spans.Any(s => s.Service == "router" && s.Kind == 2) && spans.Any(s => s.Service.StartsWith("variant-", StringComparison.Ordinal) && s.Kind == 2)))
        {
            await Task.Delay(500);
            spans = await system.Dashboard.TraceAsync(traceId);
        }

        foreach (var s in spans)
        {
            output.WriteLine($"{s.Service}: {s.Name} kind={s.Kind} parent={s.ParentSpanId}");
        }

        Assert.Contains(spans, s => s.Service == "ui" && s.Kind == 2);
        Assert.Contains(spans, s => s.Service == "router" && s.Kind == 2);
        Assert.Contains(spans, s => s.Service.StartsWith("variant-", StringComparison.Ordinal) && s.Kind == 2);
    }

    [Fact]
    public async Task Ui_HomePage_RendersThroughTheAppHost()
    {
        var html = await system.Ui.GetStringAsync("/");
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Hash weights that send every user to PolicyA.</summary>
    private double[] OnlyPolicyA() => system.Weights(arm => arm == "PolicyA" ? 1.0 : 0.0);

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
