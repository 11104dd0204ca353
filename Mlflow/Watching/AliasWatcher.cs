using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Bandit.Mlflow.Watching;

/// <summary>
/// Follows one registry alias (<c>name@alias</c>) by polling <c>registered-models/alias</c> every
/// <see cref="AliasWatcherOptions.PollInterval"/> (jittered), and calls an async handler when the version behind the
/// alias differs from the one the handler last accepted; an unchanged alias never calls it.
/// <list type="bullet">
/// <item><see cref="Trigger"/> makes the next poll happen now (e.g. from a registry webhook).</item>
/// <item>MLflow unreachable: the last known version is kept, the status becomes
/// <see cref="AliasWatchStatus.Unreachable"/>, polls back off exponentially up to <see cref="AliasWatcherOptions.MaxBackoff"/>,
/// and the outage is logged once when it starts and once when it ends. Nothing is thrown out of the loop.</item>
/// <item>A handler that throws has not accepted the version: it is called again for it, with the same backoff
/// (at once after a <see cref="Trigger"/>, or when the alias moves to another version).</item>
/// </list>
/// The handler runs on the watcher's loop, one call at a time, so it may do slow work (download, load) off any
/// request path. <see cref="Snapshot"/> is safe to read from any thread.
/// </summary>
public sealed partial class AliasWatcher
{
    private readonly MlflowClient _client;
    private readonly AliasWatcherOptions _options;
    private readonly Func<AliasChange, CancellationToken, Task> _onChanged;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<bool> _trigger = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile AliasWatchSnapshot _snapshot = new(AliasWatchStatus.Starting, null, null, null, null, null);
    private long _polls;
    private int _running;

    // Loop-only state.
    private int _pollFailures;
    private DateTimeOffset _outageStart;
    private string? _failedVersion;
    private int _handlerFailures;
    private DateTimeOffset _retryHandlerAt;

    /// <param name="client">The MLflow client (its pipeline's retries count inside <see cref="AliasWatcherOptions.PollTimeout"/>).</param>
    /// <param name="options">What to follow and how often.</param>
    /// <param name="onChanged">Called when the version behind the alias changes; throw to have it called again later.</param>
    /// <param name="logger">Outages, recoveries, changes and handler failures.</param>
    /// <param name="timeProvider">The clock of <see cref="AliasWatchSnapshot.LastPollAt"/>; the system clock by default.</param>
    public AliasWatcher(MlflowClient client, AliasWatcherOptions options, Func<AliasChange, CancellationToken, Task> onChanged,
        ILogger<AliasWatcher> logger, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ModelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Alias);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PollInterval, TimeSpan.Zero);
        _client = client;
        _options = options;
        _onChanged = onChanged;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string ModelName => _options.ModelName;

    public string Alias => _options.Alias;

    /// <summary>The state after the last poll; the same object until the next one changes something.</summary>
    public AliasWatchSnapshot Snapshot => _snapshot;

    /// <summary>The version the registry reported last (null before the first poll or when the alias is missing).</summary>
    public ModelVersion? Current => _snapshot.Current;

    /// <summary>Polls answered so far, successfully or not (counted before the handler runs).</summary>
    public long PollCount => Interlocked.Read(ref _polls);

    /// <summary>Polls now instead of waiting for the interval (coalesced: many triggers before the poll make one poll).</summary>
    public void Trigger() => _trigger.Writer.TryWrite(true);

    /// <summary>Polls until <paramref name="cancellationToken"/> is cancelled; the first poll is immediate. Runs once per instance.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"the watcher of {_options} is already running");
        }

        var triggered = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await PollAsync(triggered, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            triggered = await WaitAsync(Jittered(wait), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TimeSpan> PollAsync(bool triggered, CancellationToken cancellationToken)
    {
        ModelVersion? observed;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.PollTimeout);
            observed = await _client.TryGetModelVersionByAliasAsync(_options.ModelName, _options.Alias, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _polls);
            return OnPollFailed(e);
        }

        Interlocked.Increment(ref _polls);
        OnPollSucceeded(observed);
        var handled = _snapshot.Handled;
        if (observed?.Version == handled?.Version)
        {
            ClearHandlerFailure();
            return _options.PollInterval;
        }

        var retrying = observed?.Version == _failedVersion;
        if (retrying && !triggered && _time.GetUtcNow() < _retryHandlerAt)
        {
            return _options.PollInterval;
        }

        await HandleAsync(new AliasChange(_options.ModelName, _options.Alias, handled, observed), cancellationToken).ConfigureAwait(false);
        return _options.PollInterval;
    }

    private async Task HandleAsync(AliasChange change, CancellationToken cancellationToken)
    {
        AliasWatcherLog.Changed(_logger, _options.ToString(), change.Previous?.Version, change.Current?.Version);
        try
        {
            await _onChanged(change, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            _handlerFailures = change.Current?.Version == _failedVersion ? _handlerFailures + 1 : 1;
            _failedVersion = change.Current?.Version;
            var retryIn = Backoff(_handlerFailures);
            _retryHandlerAt = _time.GetUtcNow() + retryIn;
            AliasWatcherLog.HandlerFailed(_logger, e, _options.ToString(), change.Current?.Version, _handlerFailures, retryIn);
            _snapshot = _snapshot with { HandlerError = $"version {change.Current?.Version ?? "(none)"}: {e.Message}" };
            return;
        }

        ClearHandlerFailure();
        _snapshot = _snapshot with { Handled = change.Current };
    }

    /// <summary>Waits <paramref name="delay"/> or until <see cref="Trigger"/>; true when triggered.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(delay);
        try
        {
            // A cancelled wait unregisters itself, so waits that time out leave nothing behind.
            await _trigger.Reader.WaitToReadAsync(timer.Token).ConfigureAwait(false);
            return _trigger.Reader.TryRead(out _);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
