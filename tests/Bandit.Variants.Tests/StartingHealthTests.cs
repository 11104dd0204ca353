using System.Net;
using Bandit.Variants.Serving;
using Bandit.Variants.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bandit.Variants.Tests;

/// <summary>
/// A variant waiting for its first model (the alias is not there yet: the Trainer has not registered it) is starting,
/// not failing: /health stays 503 so orchestrators wait, the state is logged once, and the framework's per-probe
/// health line is filtered out of every ordinary log provider (the console): no <c>fail:</c> line per probe.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class StartingHealthTests(RegistryFixture registry)
{
    [Fact]
    public async Task NoModelYet_HealthIs503_StartingIsLoggedOnce_AndProbeLinesAreFiltered()
    {
        var logs = new CapturingLoggerProvider();
        await using var variant = new VariantsApplication(registry.TrackingUri, RegistryFixture.NewModelName(), logs: logs);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var health = await variant.Http.GetAsync("/health");
            statuses.Add(health.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        var starting = Assert.Single(logs.Containing("Readiness: starting"));
        Assert.StartsWith("Information", starting, StringComparison.Ordinal);

        // The filter as the console sees it: any provider without a rule of its own.
        var console = new ListProvider();
        using var factory = new LoggerFactory([console], variant.Services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value);
        factory.CreateLogger(ModelLoadedHealthCheck.ProbeLogCategory).LogError("Health check model with status Unhealthy completed");
        factory.CreateLogger("Bandit.Variants.Serving.ModelLoader").LogError("a real failure");
        Assert.Equal(["a real failure"], console.Messages);
    }

    private sealed class ListProvider : ILoggerProvider
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(ListProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Messages.Add(formatter(state, exception));
        }
    }
}
