using Bandit.TestSupport;
using Bandit.Mlflow;
using Bandit.Mlflow.Watching;
using Bandit.Registry;
using Bandit.Variants.Tests.Support;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bandit.Variants.Tests;

/// <summary>
/// <see cref="AliasWatcher"/> (Mlflow/Watching, reused by the Router) against a real local registry of its own, so
/// the registry can be stopped and restarted. Versions here need no artifacts: the watcher only reads aliases.
/// </summary>
public sealed class AliasWatcherTests : IAsyncLifetime
{
    private const string Model = "watched";
    private const string Alias = "champion";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly LocalRegistryServer _registry = new();
    private readonly List<AliasChange> _changes = [];
    private readonly ListLogger<AliasWatcher> _log = new();
    private MlflowClient _client = null!;
    private string[] _versions = [];

    public async Task InitializeAsync()
    {
        await _registry.StartAsync();
        _client = new MlflowClient(new HttpClient { BaseAddress = _registry.TrackingUri });
        await _client.CreateRegisteredModelAsync(Model);
        _versions = [(await _client.CreateModelVersionAsync(Model, "mlflow-artifacts:/0/a/artifacts/model")).Version,
            (await _client.CreateModelVersionAsync(Model, "mlflow-artifacts:/0/b/artifacts/model")).Version];
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task RunAsync_AliasSet_CallsHandlerOnceAndNotAgainWhileUnchanged()
    {
        // Arrange
        await _client.SetAliasAsync(Model, Alias, _versions[0]);
        var watcher = NewWatcher(TimeSpan.FromMilliseconds(50));
        using var stop = new CancellationTokenSource();

        // Act
        var run = watcher.RunAsync(stop.Token);
        await WaitUntilAsync(() => Changes().Count == 1);
        var polls = watcher.PollCount;
        await WaitUntilAsync(() => watcher.PollCount >= polls + 5);
        stop.Cancel();
        await run;

        // Assert
        var change = Assert.Single(Changes());
        Assert.Null(change.Previous);
        Assert.Equal(_versions[0], change.Current?.Version);
        Assert.Equal(AliasWatchStatus.Following, watcher.Snapshot.Status);
        Assert.Equal(_versions[0], watcher.Snapshot.Handled?.Version);
    }

    [Fact]
    public async Task RunAsync_AliasMovesThenIsDeleted_CallsHandlerForEachChange()
    {
        // Arrange
        await _client.SetAliasAsync(Model, Alias, _versions[0]);
        var watcher = NewWatcher(TimeSpan.FromMilliseconds(50));
        using var stop = new CancellationTokenSource();
        var run = watcher.RunAsync(stop.Token);
        await WaitUntilAsync(() => Changes().Count == 1);

        // Act
        await _client.SetAliasAsync(Model, Alias, _versions[1]);
        await WaitUntilAsync(() => Changes().Count == 2);
        await _client.DeleteAliasAsync(Model, Alias);
        await WaitUntilAsync(() => Changes().Count == 3);
        stop.Cancel();
        await run;

        // Assert
        var changes = Changes();
        Assert.Equal((_versions[0], _versions[1]), (changes[1].Previous?.Version, changes[1].Current?.Version));
        Assert.Equal((_versions[1], (string?)null), (changes[2].Previous?.Version, changes[2].Current?.Version));
        Assert.Equal(AliasWatchStatus.AliasMissing, watcher.Snapshot.Status);
        Assert.Equal(1, _log.Count(7005)); // "alias does not exist", once
    }

    [Fact]
    public async Task Trigger_WithHourlyPolls_PollsAtOnce()
    {
        // Arrange
        await _client.SetAliasAsync(Model, Alias, _versions[0]);
        var watcher = NewWatcher(TimeSpan.FromHours(1));
        using var stop = new CancellationTokenSource();
        var run = watcher.RunAsync(stop.Token);
        await WaitUntilAsync(() => Changes().Count == 1);
        await _client.SetAliasAsync(Model, Alias, _versions[1]);

        // Act
        watcher.Trigger();
        await WaitUntilAsync(() => Changes().Count == 2, TimeSpan.FromSeconds(3));
        stop.Cancel();
        await run;

        // Assert
        Assert.Equal(_versions[1], watcher.Current?.Version);
    }

    [Fact]
    public async Task RunAsync_RegistryDown_KeepsLastVersionReportsDegradedLogsOutageOnceAndRecovers()
    {
        // Arrange
        await _client.SetAliasAsync(Model, Alias, _versions[0]);
        var watcher = NewWatcher(TimeSpan.FromMilliseconds(50), maxBackoff: TimeSpan.FromMilliseconds(200));
        var health = new AliasWatcherHealthCheck(watcher);
        using var stop = new CancellationTokenSource();
        var run = watcher.RunAsync(stop.Token);
        await WaitUntilAsync(() => Changes().Count == 1);
        var healthyBefore = await health.CheckHealthAsync(new HealthCheckContext());

        // Act: stop the registry for several failed polls, then bring it back on the same port.
        await _registry.StopAsync();
        await WaitUntilAsync(() => watcher.Snapshot.Status == AliasWatchStatus.Unreachable);
        var polls = watcher.PollCount;
        await WaitUntilAsync(() => watcher.PollCount >= polls + 4);
        var during = watcher.Snapshot;
        var degraded = await health.CheckHealthAsync(new HealthCheckContext());
        await _registry.StartAsync();
        await WaitUntilAsync(() => watcher.Snapshot.Status == AliasWatchStatus.Following);
        stop.Cancel();
        await run;

        // Assert
        Assert.Equal(HealthStatus.Healthy, healthyBefore.Status);
        Assert.Equal(_versions[0], during.Current?.Version);
        Assert.NotNull(during.PollError);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(1, _log.Count(7003)); // outage logged once
        Assert.Equal(1, _log.Count(7004)); // recovery logged once
        Assert.Single(Changes()); // the same version after the outage is no change
    }

    [Fact]
    public async Task RunAsync_UnreachableFromTheStart_NeitherThrowsNorCallsHandler()
    {
        // Arrange
        var closed = new MlflowClient(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Bandit.TestSupport.FreePort.Next()}/") });
        var watcher = NewWatcher(TimeSpan.FromMilliseconds(20), maxBackoff: TimeSpan.FromMilliseconds(50), client: closed);
        using var stop = new CancellationTokenSource();

        // Act
        var run = watcher.RunAsync(stop.Token);
        await WaitUntilAsync(() => watcher.PollCount >= 5);
        stop.Cancel();
        await run;

        // Assert
        Assert.True(run.IsCompletedSuccessfully);
        Assert.Equal(AliasWatchStatus.Unreachable, watcher.Snapshot.Status);
        Assert.Null(watcher.Current);
        Assert.Empty(Changes());
        Assert.Equal(1, _log.Count(7003));
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_CallsItAgainUntilItAccepts()
    {
        // Arrange: a handler that fails twice.
        await _client.SetAliasAsync(Model, Alias, _versions[0]);
        var calls = 0;
        AliasWatchSnapshot? afterFailure = null;
        AliasWatcher watcher = null!;
        watcher = NewWatcher(TimeSpan.FromMilliseconds(20), maxBackoff: TimeSpan.FromMilliseconds(100), onChanged: (_, _) =>
        {
            afterFailure ??= calls == 1 ? watcher.Snapshot : null;
            return ++calls <= 2 ? throw new InvalidOperationException($"load failed #{calls}") : Task.CompletedTask;
        });
        using var stop = new CancellationTokenSource();

        // Act
        var run = watcher.RunAsync(stop.Token);
        await WaitUntilAsync(() => watcher.Snapshot.Handled is not null);
        stop.Cancel();
        await run;

        // Assert
        Assert.Equal(3, calls);
        Assert.Contains("load failed #1", afterFailure?.HandlerError, StringComparison.Ordinal);
        Assert.Null(watcher.Snapshot.HandlerError);
        Assert.Equal(2, _log.Count(7002));
    }

    [Fact]
    public async Task RunAsync_RegistryUnreachable_BacksOffExponentiallyUpToMaxBackoff()
    {
        // Arrange: nothing listens, and the plain client does not retry, so every poll fails at once.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Bandit.TestSupport.FreePort.Next()}/") };
        var interval = TimeSpan.FromMilliseconds(50);
        var maxBackoff = TimeSpan.FromMilliseconds(400);
        var watcher = NewWatcher(interval, maxBackoff, new MlflowClient(http));
        using var stop = new CancellationTokenSource();

        // Act
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = watcher.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var polls = watcher.PollCount;
        var elapsed = clock.Elapsed;
        stop.Cancel();
        await run;

        // Assert: waits of 100, 200, 400, 400, ... ms (±10% jitter) allow at most MaxPolls in the elapsed time; polling
        // every 50 ms would make about 40. At least 3: the waits never exceed 440 ms, even on a busy machine.
        Assert.InRange(polls, 3, MaxPolls(elapsed, interval, maxBackoff));
        Assert.Equal(AliasWatchStatus.Unreachable, watcher.Snapshot.Status);
        Assert.NotNull(watcher.Snapshot.UnreachableSince);
        Assert.Empty(Changes());
    }

    /// <summary>The most polls possible in <paramref name="elapsed"/>: the first at once, then each wait at its shortest (0.9 × backoff).</summary>
    private static long MaxPolls(TimeSpan elapsed, TimeSpan interval, TimeSpan maxBackoff)
    {
        var at = 0.0;
        for (var failures = 1; ; failures++)
        {
            var backoff = Math.Max(Math.Min(interval.TotalMilliseconds * Math.Pow(2, failures), maxBackoff.TotalMilliseconds), interval.TotalMilliseconds);
            at += 0.9 * backoff;
            if (at > elapsed.TotalMilliseconds)
            {
                return failures;
            }
        }
    }

    [Fact]
    public async Task RunAsync_CalledTwice_Throws()
    {
        var watcher = NewWatcher(TimeSpan.FromHours(1));
        using var stop = new CancellationTokenSource();
        var run = watcher.RunAsync(stop.Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => watcher.RunAsync(stop.Token));

        stop.Cancel();
        await run;
    }

    private AliasWatcher NewWatcher(TimeSpan interval, TimeSpan? maxBackoff = null, MlflowClient? client = null, Func<AliasChange, CancellationToken, Task>? onChanged = null) =>
        new(client ?? _client,
            new AliasWatcherOptions { ModelName = Model, Alias = Alias, PollInterval = interval, MaxBackoff = maxBackoff ?? interval, PollTimeout = TimeSpan.FromSeconds(2) },
            onChanged ?? ((change, _) =>
            {
                lock (_changes)
                {
                    _changes.Add(change);
                }

                return Task.CompletedTask;
            }),
            _log);

    private List<AliasChange> Changes()
    {
        lock (_changes)
        {
            return [.. _changes];
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the condition did not hold in time");
            }

            await Task.Delay(10);
        }
    }
}
