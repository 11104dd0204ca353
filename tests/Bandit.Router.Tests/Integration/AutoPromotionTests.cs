using Bandit.Allocation;
using Bandit.Allocation.AutoPromotion;
using Bandit.Contracts;
using Bandit.Mlflow.Promotions;
using Bandit.Router.Experiment;
using Bandit.Router.Experiment.AutoPromotion;
using Bandit.Router.Experiment.Registry;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bandit.Router.Tests.Integration;

/// <summary>
/// Auto-promotion through a real Router (in-memory store; real Redis where a restart must keep the rule's memory) and
/// the local registry, with synthetic clicks posted via <c>/update</c>: arm A (alias PolicyA → version 1) against arm B (PolicyB → version 2) on a 50/50 hash split, so both
/// arms carry propensity 0.5 and the off-policy value of "always k" is k's CTR. The thresholds are small so a test
/// takes seconds: P(best) ≥ 0.95 held for 20 decisions, 20 decisions and 2 clicks per arm, a probation of 30 rewarded
/// decisions, evaluated every 100 ms. Clicks come from a fixed-seed generator.
/// </summary>
public sealed class AutoPromotionTests(RegistryFixture fixture, RedisServer redis) : IClassFixture<RegistryFixture>, IClassFixture<RedisServer>
{
    private static readonly AutoPromotionSettings _settings = new(Enabled: true, PBestThreshold: 0.95, MinDecisionsPerArm: 20, MinRewardsPerArm: 2,
        HoldDecisions: 20, RollbackWindow: 30, MaxFalsePromotion: 0.05);

    private readonly string _policies = "policies_" + TestConfigs.NewTag();
    private readonly string _tag = TestConfigs.NewTag();

    [Fact]
    public async Task ClearWinner_IsPromotedOnce_AndConfirmedWhenItHoldsUp()
    {
        await fixture.SeedPoliciesAsync(_policies, "auto_promotion_" + _tag);
        await using var router = await StartAsync();
        var random = new Random(18);

        // Version 1 clicks at 0.5 wherever it serves, version 2 at 0.1: over 400 decisions about 100 clicks to 20, far
        // past the anytime boundary at 0.05. Once on B, version 1 keeps its CTR through probation: confirmed, no second move.
        await TrafficAsync(router, 0, 400, (_, version) => random.NextDouble() < (version == "1" ? 0.5 : 0.1));
        await Eventually.HoldsAsync(async () => (await fixture.Client.GetModelVersionByAliasAsync(_policies, "PolicyB")).Version == "1", "PolicyB moved to A's version");
        await TrafficAsync(router, 400, 400, (_, version) => random.NextDouble() < (version == "1" ? 0.5 : 0.1));
        await Task.Delay(500); // five evaluations
        var audit = Assert.Single(await new PromotionJournal(fixture.Client).ListAsync(_policies));
        Assert.Equal(("PolicyB", "2", "1", "auto", "product"), (audit.Alias, audit.FromVersion, audit.ToVersion, audit.Who, audit.Source));
        Assert.Contains("off-policy agrees", audit.Reason, StringComparison.Ordinal);
        Assert.Equal("1", (await fixture.Client.GetModelVersionByAliasAsync(_policies, "PolicyB")).Version);
    }

    [Fact]
    public async Task Tie_IsNotPromoted()
    {
        await fixture.SeedPoliciesAsync(_policies, "auto_promotion_" + _tag);
        await using var router = await StartAsync();
        var random = new Random(7);

        // Both arms at CTR 0.3: the anytime boundary at level 0.05 bounds the chance of ever promoting a tie by 5%; at
        // this fixed seed it is not crossed over 800 decisions.
        await TrafficAsync(router, 0, 800, (_, _) => random.NextDouble() < 0.3);
        await Task.Delay(1000); // ten evaluations after the last click

        Assert.Empty(await new PromotionJournal(fixture.Client).ListAsync(_policies));
        Assert.Equal("2", (await fixture.Client.GetModelVersionByAliasAsync(_policies, "PolicyB")).Version);
    }

    [Fact]
    public async Task Regression_AfterPromotion_IsRolledBack()
    {
        await fixture.SeedPoliciesAsync(_policies, "auto_promotion_" + _tag);
        await using var router = await StartAsync();
        var random = new Random(18);
        // Version 1 clicks at 0.5 on A but never on B (a regression only the promotion reveals): CTR 0 over its 30
        // rewarded decisions of probation, below version 2's Wilson lower bound (about 0.06 with ~20 clicks in ~200).
        Func<string, string?, bool> click = (arm, version) => version == "1" ? arm == ArmA && random.NextDouble() < 0.5 : random.NextDouble() < 0.1;
        // Promotion and rollback may both happen within this traffic (the probation is short): the journal tells.
        await TrafficAsync(router, 0, 600, click);
        await Eventually.HoldsAsync(async () => (await new PromotionJournal(fixture.Client).ListAsync(_policies)).Count == 2, "a promotion and its rollback");

        Assert.Equal("2", (await fixture.Client.GetModelVersionByAliasAsync(_policies, "PolicyB")).Version);
        var moves = await new PromotionJournal(fixture.Client).ListAsync(_policies);
        Assert.Equal([("2", "1"), ("1", "2")], moves.OrderBy(m => m.At).ThenBy(m => m.ToVersion == "2").Select(m => (m.FromVersion, m.ToVersion)));
        Assert.All(moves, m => Assert.Equal("auto", m.Who));
        Assert.StartsWith("rollback:", moves.Single(m => m.ToVersion == "2").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestartDuringProbation_TheRegressionIsStillRolledBack()
    {
        await fixture.SeedPoliciesAsync(_policies, "auto_promotion_" + _tag);
        var random = new Random(18);
        Func<string, string?, bool> click = (arm, version) => version == "1" ? arm == ArmA && random.NextDouble() < 0.5 : random.NextDouble() < 0.1;

        // Traffic in steps of 10 users until the promotion (PolicyB 2 → 1) is in the journal; the probation needs 30
        // rewarded decisions of B on version 1, about 60 users at 50/50, so it is still open when the first Router stops.
        var user = 0;
        await using (var first = await StartAsync(redis.ConnectionString))
        {
            while ((await new PromotionJournal(fixture.Client).ListAsync(_policies)).Count == 0)
            {
                Assert.True(user < 2_000, "no promotion after 2,000 users");
                await TrafficAsync(first, user, 10, click);
                user += 10;
            }
        }

        Assert.Equal("1", (await fixture.Client.GetModelVersionByAliasAsync(_policies, "PolicyB")).Version);
        await using var second = await StartAsync(redis.ConnectionString);
        await TrafficAsync(second, user, 300, click);
        await Eventually.HoldsAsync(async () => (await new PromotionJournal(fixture.Client).ListAsync(_policies)).Count == 2, "the rollback after the restart");

        Assert.Equal("2", (await fixture.Client.GetModelVersionByAliasAsync(_policies, "PolicyB")).Version);
        var rollback = (await new PromotionJournal(fixture.Client).ListAsync(_policies)).Single(m => m.ToVersion == "2");
        Assert.Equal(("1", "auto"), (rollback.FromVersion, rollback.Who));
        Assert.StartsWith("rollback:", rollback.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopRightAfterThePromotionMoved_ItIsStillAuditedAndJudged()
    {
        await fixture.SeedPoliciesAsync(_policies, "auto_promotion_" + _tag);
        var random = new Random(18);
        Func<string, string?, bool> click = (arm, version) => version == "1" ? arm == ArmA && random.NextDouble() < 0.5 : random.NextDouble() < 0.1;

        // The first Router is told to stop (its evaluation's token cancelled) the moment the alias has moved (log event
        // 21), before the move is recorded or its probation remembered, as a deploy's SIGTERM can. Its own timer is off:
        // the test runs the evaluations, one per 10 users.
        using var stopping = new CancellationTokenSource();
        var user = 0;
        await using (var first = await StartAsync(redis.ConnectionString, stopping.Cancel, interval: "01:00:00"))
        {
            var promoter = first.Server.Services.GetServices<IHostedService>().OfType<AutoPromoter>().Single();
            while (!stopping.IsCancellationRequested)
            {
                Assert.True(user < 2_000, "no promotion after 2,000 users");
                await TrafficAsync(first, user, 10, click);
                user += 10;
                try
                {
                    await promoter.EvaluateOnceAsync(stopping.Token);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    // a stop may end the evaluation; what the move changed must stand all the same
                }
            }
        }

        var promotion = Assert.Single(await new PromotionJournal(fixture.Client).ListAsync(_policies));
        Assert.Equal(("PolicyB", "2", "1", "auto"), (promotion.Alias, promotion.FromVersion, promotion.ToVersion, promotion.Who));

        // The next Router continues the probation the first one began: version 1 never clicks on B, so it is rolled back.
        await using var second = await StartAsync(redis.ConnectionString);
        await TrafficAsync(second, user, 300, click);
        await Eventually.HoldsAsync(async () => (await new PromotionJournal(fixture.Client).ListAsync(_policies)).Count == 2, "the rollback after the restart");
        Assert.Equal("2", (await fixture.Client.GetModelVersionByAliasAsync(_policies, "PolicyB")).Version);
    }

    private string ArmA => $"A-{_tag}";

    /// <summary>One decision per user, clicked per <paramref name="click"/>(arm, version the decision recorded).</summary>
    private static async Task TrafficAsync(RunningRouter router, int firstUser, int users, Func<string, string?, bool> click)
    {
        var versions = router.Server.Services.GetRequiredService<ArmVersions>();
        for (var user = firstUser; user < firstUser + users; user++)
        {
            var choice = await router.Client.ChooseAsync(user, k: 1);
            await router.Client.UpdateAsync(choice.DecisionId, click(choice.Arm, versions.VersionOf(choice.Alias)) ? 1.0 : 0.0);
        }
    }

    /// <summary>
    /// A Router on the in-memory store, or on <paramref name="redis"/> when given; <paramref name="onAliasMoved"/> runs
    /// when it logs an alias move (event 21).
    /// </summary>
    private async Task<RunningRouter> StartAsync(string? redis = null, Action? onAliasMoved = null, string interval = "00:00:00.100")
    {
        var config = TestConfigs.TwoArms(StrategyNames.Hash, _tag) with { AutoPromotion = _settings };
        var settings = fixture.RouterFollowing("router_cfg_" + _tag).WithConfig(config);
        settings = (redis is null ? settings : settings.WithRedis(redis))
            .Set("Router:ArmModel", _policies).Set("Router:AutoPromotionInterval", interval).Set("Router:PosteriorCacheTtl", "00:00:00");
        Action<IWebHostBuilder>? configure = onAliasMoved is null ? null : builder => builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(new OnLogEvent(21, onAliasMoved));
            logging.AddFilter<OnLogEvent>(null, LogLevel.Information);
        });
        var server = new LocalRouterServer(settings.Values, configure);
        await server.StartAsync();
        var router = new RunningRouter(server, new RouterClient(server.BaseAddress));
        await Eventually.HoldsAsync(async () => (await router.Client.ArmStatsAsync($"B-{_tag}")).TryGetProperty("version", out var v)
            && v.ValueKind == System.Text.Json.JsonValueKind.String, "the follower reads the arms' versions");
        return router;
    }

    /// <summary>Runs an action each time <see cref="AliasMover"/> writes a log event with the given id.</summary>
    private sealed class OnLogEvent(int eventId, Action action) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) =>
            categoryName == typeof(AliasMover).FullName ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (id.Id == eventId)
            {
                action();
            }
        }

        public void Dispose()
        {
        }
    }
}
