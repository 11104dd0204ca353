using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bandit.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bandit.Ui.Tests.Support;

/// <summary>
/// A small Router on real HTTP (127.0.0.1, free port) that keeps real counts: <c>/choose</c> issues decisions
/// (alternating arms), <c>/update</c> rewards each once, <c>/stats</c> answers from the counts, <c>/stats/history</c>
/// from a snapshot taken after every change, <c>/admin/*</c> checks the bearer key (<c>/admin/promote</c> moves the alias
/// in <see cref="Registry"/>, like the real Router). It records the admin calls it received so tests can check what the
/// Ui sent. Wire shapes follow the Router's.
/// </summary>
public sealed partial class FakeRouter : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";

    private WebApplication _app = null!;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, string> _decisions = new();
    private readonly HashSet<string> _rewarded = [];
    private readonly List<(string Arm, string Alias)> _arms = [("PolicyA", "PolicyA"), ("PolicyB", "PolicyB")];
    private readonly Dictionary<string, (long Pulls, long Updates, double Rewards)> _counts = [];
    private readonly Dictionary<string, string> _liveVersions = [];
    private readonly Dictionary<string, List<(string Version, long Pulls, long Updates, double Rewards)>> _earlier = [];
    private readonly List<object> _snapshots = [];
    private readonly List<object> _events = [];
    private string _strategy = "thompson";
    private int _configVersion = 3;
    private long _epoch = 1;

    private FakeRouter()
    {
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>When set, every route answers this status with an RFC 7807 body.</summary>
    public HttpStatusCode? FailWith { get; set; }

    /// <summary>When set, <c>/stats</c> answers this text instead of JSON.</summary>
    public string? BrokenStatsBody { get; set; }

    /// <summary>The bearer key the admin routes accept (change it to play a key rotation).</summary>
    public string Key { get; set; } = AdminKey;

    /// <summary>Where <c>/admin/promote</c> moves aliases; null = it answers 503, as the Router does without a registry.</summary>
    public Bandit.Mlflow.MlflowClient? Registry { get; set; }

    /// <summary>Which model version an arm's alias serves (a variant following its alias).</summary>
    public Func<string, Task<string>> ServedVersion { get; set; } = alias => Task.FromResult(alias == "PolicyA" ? "1" : "2");

    public ConcurrentQueue<(string DecisionId, int Reward)> Rewards { get; } = new();

    /// <summary>When set, <c>/stats</c> carries this sample-ratio check (the fake does not compute one).</summary>
    public FakeSrm? Srm { get; set; }

    /// <summary>Every call to an admin route that changes something (strategy, reset, promote), accepted or not.</summary>
    public ConcurrentQueue<(string? Authorization, string Body)> AdminCalls { get; } = new();

    /// <summary>Credentials checked at <c>GET /admin/whoami</c> (sign-in), accepted or not.</summary>
    public ConcurrentQueue<string?> WhoAmICalls { get; } = new();

    public IReadOnlyCollection<string> IssuedDecisions => [.. _decisions.Keys];

    /// <summary>How many resets were accepted.</summary>
    public int ResetCount { get; private set; }

    public string Strategy
    {
        get
        {
            lock (_lock)
            {
                return _strategy;
            }
        }
    }

    public static async Task<FakeRouter> StartAsync()
    {
        var router = new FakeRouter();
        router._app = await LoopbackApp.StartAsync(router.Map);
        router.BaseAddress = new Uri(router._app.Address() + "/");
        return router;
    }

    public (long Pulls, long Updates, double Rewards) Counts(string arm)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault(arm);
        }
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (FailWith is { } status)
            {
                await Results.Problem("the fake router was told to fail: no healthy arm", statusCode: (int)status, title: "router unavailable").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.MapPost("/choose", (Func<HttpContext, Task<IResult>>)ChooseAsync);
        app.MapPost("/update", (Func<HttpContext, Task<IResult>>)UpdateAsync);
        app.MapGet("/stats", (Func<IResult>)Stats);
        app.MapGet("/stats/history", (Func<IResult>)History);
        app.MapGet("/stats/offpolicy", (int? window) => OffPolicy(window));
        app.MapGet("/config", () => Results.Json(Config()));
        app.MapPut("/admin/strategy", (Func<HttpContext, Task<IResult>>)SetStrategyAsync);
        app.MapPost("/admin/promote", (Func<HttpContext, Task<IResult>>)PromoteAsync);
        app.MapGet("/admin/whoami", (HttpContext context) =>
        {
            WhoAmICalls.Enqueue(context.Request.Headers.Authorization.ToString());
            return Authorized(context) ? Results.Ok(new { identity = "admin" }) : Unauthorized();
        });
        app.MapPost("/admin/reset", (HttpContext context) =>
        {
            AdminCalls.Enqueue((context.Request.Headers.Authorization.ToString(), ""));
            if (!Authorized(context))
            {
                return Unauthorized();
            }

            lock (_lock)
            {
                ResetCount++;
                _counts.Clear();
                _epoch++;
                _events.Add(new { at = DateTimeOffset.UtcNow, kind = "reset", to = _epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), actor = "admin" });
                Snapshot();
                return Results.Ok(new { experiment = "movielens", epoch = _epoch });
            }
        });
    }

    private async Task<IResult> ChooseAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body);
        if (body?["userId"]?.GetValue<long>() is not { } userId || userId < 0)
        {
            return Results.Problem("userId is required: an integer >= 0.", statusCode: 400, title: "invalid /choose request");
        }

        var k = body["k"]?.GetValue<int>() ?? 10;
        (string Arm, string Alias) arm;
        lock (_lock)
        {
            var total = _counts.Values.Sum(c => c.Pulls);
            arm = _arms[(int)(total % _arms.Count)];
            var c = _counts.GetValueOrDefault(arm.Arm);
            _counts[arm.Arm] = (c.Pulls + 1, c.Updates, c.Rewards);
            Snapshot();
        }

        var decisionId = "d" + Guid.NewGuid().ToString("N");
        _decisions[decisionId] = arm.Arm;
        LogDecision(decisionId, arm.Arm, userId);
        var version = await ServedVersion(arm.Alias);
        var items = Catalogue.Take(Math.Min(k, Catalogue.Length)).Select((m, i) => new
        {
            movieId = m.Id, title = m.Title, year = m.Year, genres = m.Genres, score = Math.Round(0.9 - i * 0.05 - (userId % 7) * 0.01, 4),
        });
        context.Response.Headers["X-Bandit-Arm"] = arm.Arm;
        context.Response.Headers["X-Bandit-Decision"] = decisionId;
        context.Response.Headers["X-Bandit-Propensity"] = "0.5";
        return Results.Json(new { items, alias = arm.Alias, modelVersion = version, arm = arm.Arm, decisionId, propensity = 0.5 });
    }

    private async Task<IResult> UpdateAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body);
        var id = body?["decisionId"]?.GetValue<string>();
        var reward = body?["reward"]?.GetValue<int>();
        if (reward is not (0 or 1))
        {
            return Results.Problem("reward must be 0 or 1.", statusCode: 400, title: "invalid /update request");
        }

        if (id is null || !_decisions.TryGetValue(id, out var arm))
        {
            return Results.Problem("no decision with this id can be rewarded.", statusCode: 404, title: "unknown decision");
        }

        Rewards.Enqueue((id, reward.Value));
        lock (_lock)
        {
            if (!_rewarded.Add(id))
            {
                return Results.Ok(new { decisionId = id, arm, status = "duplicate" });
            }

            var c = _counts.GetValueOrDefault(arm);
            _counts[arm] = (c.Pulls, c.Updates + 1, c.Rewards + reward.Value);
            Snapshot();
            LogReward(id, arm, reward.Value);
        }

        return Results.Ok(new { decisionId = id, arm, status = "recorded" });
    }

    private async Task<IResult> SetStrategyAsync(HttpContext context)
    {
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync();
        AdminCalls.Enqueue((context.Request.Headers.Authorization.ToString(), text));
        if (!Authorized(context))
        {
            return Unauthorized();
        }

        var strategy = JsonNode.Parse(text)?["strategy"]?.GetValue<string>();
        if (strategy is not ("hash" or "thompson" or "ucb1" or "epsilon_greedy"))
        {
            return Results.Problem("strategy must be one of hash, thompson, ucb1, epsilon_greedy.", statusCode: 400, title: "invalid strategy request");
        }

        lock (_lock)
        {
            _strategy = strategy;
            _configVersion++;
            _events.Add(new { at = DateTimeOffset.UtcNow, kind = "promotion", model = "movielens_ctr_router", alias = "router",
                from = (_configVersion - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), to = _configVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), strategy, actor = "admin" });
            Snapshot();
        }

        return Results.Json(Config());
    }

    private async Task<IResult> PromoteAsync(HttpContext context)
    {
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync();
        AdminCalls.Enqueue((context.Request.Headers.Authorization.ToString(), text));
        if (!Authorized(context))
        {
            return Unauthorized();
        }

        var body = JsonNode.Parse(text);
        var (model, alias, version, reason) = (body?["model"]?.GetValue<string>(), body?["alias"]?.GetValue<string>(), body?["version"]?.GetValue<string>(), body?["reason"]?.GetValue<string>());
        if (model is null || alias is null || version is null)
        {
            return Results.Problem("model, alias and version are required.", statusCode: 400, title: "invalid promotion");
        }

        if (Registry is not { } registry)
        {
            return Results.Problem("no registry.", statusCode: 503, title: "registry unavailable");
        }

        try
        {
            await registry.GetModelVersionAsync(model, version);
        }
        catch (Bandit.Mlflow.MlflowException e) when (e.IsNotFound || e.IsInvalidParameter)
        {
            return Results.Problem($"the registry has no version {version} of '{model}'; nothing changed.", statusCode: 404, title: "unknown model version");
        }

        var previous = (await registry.TryGetModelVersionByAliasAsync(model, alias))?.Version;
        await registry.SetAliasAsync(model, alias, version);
        lock (_lock)
        {
            _events.Add(new { at = DateTimeOffset.UtcNow, kind = "promotion", model, alias, from = previous, to = version, reason, actor = "admin" });
            Snapshot();
        }

        foreach (var (arm, armAlias) in _arms.Where(a => a.Alias == alias && _liveVersions.ContainsKey(a.Arm)))
        {
            MoveVersion(arm, version);
        }

        return Results.Json(new { model, alias, version, previousVersion = previous, changed = previous != version, reason, actor = "admin" });
    }

    /// <summary>
    /// The arm's alias now serves <paramref name="version"/>: as the Router keeps evidence per version, the arm's counts
    /// so far are kept as an earlier version (when it had one) and the arm starts again from zero on the new one.
    /// </summary>
    public void MoveVersion(string arm, string version)
    {
        lock (_lock)
        {
            if (_liveVersions.TryGetValue(arm, out var old) && old != version)
            {
                var c = _counts.GetValueOrDefault(arm);
                if (!_earlier.TryGetValue(arm, out var list))
                {
                    _earlier[arm] = list = [];
                }

                list.Insert(0, (old, c.Pulls, c.Updates, c.Rewards));
                _counts.Remove(arm);
            }

            _liveVersions[arm] = version;
            Snapshot();
        }
    }

    /// <summary>Stops answering (connections refused), as a Router that is down.</summary>
    public Task StopAsync() => _app.StopAsync();

    private bool Authorized(HttpContext context) => context.Request.Headers.Authorization.ToString() == "Bearer " + Key;

    private static IResult Unauthorized() => Results.Problem("send Authorization: Bearer <Router:AdminKey>.", statusCode: 401, title: "unauthorized");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
