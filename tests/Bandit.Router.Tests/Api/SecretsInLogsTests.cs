using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Router.Tests.Support;
using Bandit.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bandit.Router.Tests.Api;

/// <summary>No secret in the logs: every log record at every level, through startup, admin calls with wrong keys, forged webhooks and a Redis outage.</summary>
public sealed class SecretsInLogsTests(VariantPair variants) : IClassFixture<VariantPair>, IAsyncLifetime
{
    private const string AdminKey = "admin-key-SECRET-7c1f0e2a9b";
    private const string DecisionSecret = "decision-secret-SECRET-55aa31";
    private const string WebhookSecret = "webhook-secret-SECRET-0d9e44";
    private const string RedisPassword = "redis-password-SECRET-b81c";

    private readonly RedisServer _redis = new() { Password = RedisPassword };

    public Task InitializeAsync() => _redis.StartAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Logs_ThroughStartupBadCallsAndARedisOutage_NeverHoldASecret()
    {
        var capture = new CapturingLoggerProvider();
        var settings = new RouterSettings().WithVariants(variants.A, variants.B).WithConfig(TestConfigs.TwoArms(StrategyNames.Thompson, TestConfigs.NewTag()))
            .WithRedis(_redis.ConnectionString + ",asyncTimeout=1000,connectTimeout=1000")
            .Set("MLFLOW_TRACKING_URI", $"http://127.0.0.1:{FreePort.Next()}/")
            .Set("Router:AdminKey", AdminKey).Set("Router:DecisionSecret", DecisionSecret).Set("Router:WebhookSecret", WebhookSecret);
        var server = new LocalRouterServer(settings.Values, builder => builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(capture);
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
        }));
        await using (server)
        {
            await server.StartAsync();
            using var client = new RouterClient(server.BaseAddress);
            var choice = await client.ChooseAsync(1);
            await client.UpdateAsync(choice.DecisionId, 1.0);
            foreach (var key in new[] { "wrong", AdminKey[..^1], AdminKey + "x", "" })
            {
                using var put = new HttpRequestMessage(HttpMethod.Put, "admin/strategy") { Content = new StringContent("{\"strategy\":\"hash\"}", Encoding.UTF8, "application/json") };
                put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.Http.SendAsync(put)).StatusCode);
                using var reset = new HttpRequestMessage(HttpMethod.Post, "admin/reset");
                reset.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.Http.SendAsync(reset)).StatusCode);
            }

            foreach (var signature in new[] { "v1,forged", "", "v1," + Convert.ToBase64String(Encoding.UTF8.GetBytes(WebhookSecret)) })
            {
                using var hook = new HttpRequestMessage(HttpMethod.Post, "webhooks/mlflow") { Content = new StringContent("{\"entity\":\"model_version_alias\"}", Encoding.UTF8, "application/json") };
                hook.Headers.Add(Bandit.Mlflow.MlflowWebhookSignature.DeliveryIdHeader, "d-1");
                hook.Headers.Add(Bandit.Mlflow.MlflowWebhookSignature.TimestampHeader, "1");
                hook.Headers.Add(Bandit.Mlflow.MlflowWebhookSignature.SignatureHeader, signature);
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.Http.SendAsync(hook)).StatusCode);
            }

            // A Redis outage makes the client library and the Router log connection failures.
            _redis.Stop();
            await client.ChooseAsync(2);
            await client.UpdateAsync(choice.DecisionId, 1.0);
            await _redis.StartAsync();
            await Eventually.HoldsAsync(async () => (await client.GetJsonAsync("stats")).GetProperty("store").GetString() == "available", "Redis back", TimeSpan.FromSeconds(20));
        }

        var records = capture.Records.ToArray();
        Assert.True(records.Length > 20, $"only {records.Length} log records were captured");
        Assert.Contains(records, r => r.Contains("Redis", StringComparison.OrdinalIgnoreCase)); // the outage was logged
        Assert.Contains(records, r => r.Contains($"127.0.0.1:{_redis.Port}", StringComparison.Ordinal)); // with the endpoint, next to where a password could leak
        foreach (var secret in new[] { AdminKey, DecisionSecret, WebhookSecret, RedisPassword, "SECRET" })
        {
            Assert.DoesNotContain(records, r => r.Contains(secret, StringComparison.Ordinal));
        }
    }

    /// <summary>Every record, formatted with its exception and scopes' text, as one string.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Records { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Records);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> records) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                records.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                records.Enqueue($"{logLevel} {category} {formatter(state, exception)} {values} {exception}");
            }
        }
    }
}
