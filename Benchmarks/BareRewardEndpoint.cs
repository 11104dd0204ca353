using System.Text.Json;
using Bandit.Allocation;
using Bandit.Router.Common;
using Bandit.Router.Store;
using Bandit.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Bandit.Benchmarks;

/// <summary>
/// The second floor of <c>POST /update</c>: bare Kestrel that parses the same body, checks the signed decision id and runs
/// the Router's own exactly-once reward script (<see cref="RedisBanditStore.RecordRewardAsync"/>) on the same Redis — the
/// work no implementation of <c>/update</c> can skip, without the Router's framework (middleware, rate limiter, spans,
/// metrics, outage log). Where the Router's rate sits between this and bare Kestrel says how much of the gap is the
/// framework and how much is the reward itself. Redis comes from <c>ConnectionStrings__redis</c>.
/// </summary>
internal static class BareRewardEndpoint
{
    public static async Task<WebApplication> StartAsync(int port, CancellationToken cancellationToken)
    {
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__redis")
            ?? throw new InvalidOperationException("set ConnectionStrings__redis to the bench's Redis");
        // Redis I/O on the .NET thread pool, as the Router sets it (Router/Hosting/Extensions.cs): the cheaper hand-off.
        var options = ConfigurationOptions.Parse(connection);
        options.SocketManager = SocketManager.ThreadPool;
        var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var defaults = new RouterOptions();
        var store = new RedisBanditStore(redis, new BanditStoreSettings(defaults.DecisionTtl, defaults.EventStreamMaxLength));
        var secret = await store.GetOrCreateSecretAsync(null, cancellationToken);
        var app = await LoopbackApp.StartAsync(web => web.MapPost("/update", async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var root = body.RootElement;
            var id = root.GetProperty("decisionId").GetString();
            var reward = root.GetProperty("reward").GetDouble();
            if (!DecisionToken.TryParse(secret, id, defaults.DecisionTtl, DateTimeOffset.UtcNow, out var claims, out _))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var outcome = await store.RecordRewardAsync(claims.ExperimentKey, new RewardRecord(claims.Id, claims.Arm, reward, claims.Propensity), context.RequestAborted);
            context.Response.StatusCode = outcome == RewardOutcome.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            writer.WriteStartObject();
            writer.WriteString("decisionId", id);
            writer.WriteString("arm", claims.Arm);
            writer.WriteString("status", outcome.ToString().ToLowerInvariant());
            writer.WriteEndObject();
        }), port, LogLevel.None, cancellationToken);
        app.Lifetime.ApplicationStopped.Register(redis.Dispose);
        return app;
    }
}

/// <summary>The reward floor (<see cref="BareRewardEndpoint"/>), for <c>router-floors</c>.</summary>
public sealed class StandInBareRewardBench() : StandInBench("stand-in-bare-reward",
    "(used by router-floors) bare Kestrel running the Router's reward script on ConnectionStrings__redis, on ASPNETCORE_URLS's port, until killed", BareRewardEndpoint.StartAsync);
