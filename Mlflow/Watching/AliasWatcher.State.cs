namespace Bandit.Mlflow.Watching;

// What the loop records after each poll (read by others only through the immutable snapshot), and its waits.
public sealed partial class AliasWatcher
{
    private void ClearHandlerFailure()
    {
        _failedVersion = null;
        _handlerFailures = 0;
        if (_snapshot.HandlerError is not null)
        {
            _snapshot = _snapshot with { HandlerError = null };
        }
    }

    private void OnPollSucceeded(ModelVersion? observed)
    {
        var previous = _snapshot;
        if (previous.Status == AliasWatchStatus.Unreachable)
        {
            AliasWatcherLog.Recovered(_logger, _options.ToString(), _time.GetUtcNow() - _outageStart, _pollFailures);
        }

        var status = observed is null ? AliasWatchStatus.AliasMissing : AliasWatchStatus.Following;
        if (status == AliasWatchStatus.AliasMissing && previous.Status != AliasWatchStatus.AliasMissing)
        {
            AliasWatcherLog.AliasMissing(_logger, _options.ToString());
        }

        _pollFailures = 0;
        _snapshot = previous with { Status = status, Current = observed, LastPollAt = _time.GetUtcNow(), PollError = null, UnreachableSince = null };
    }

    private TimeSpan OnPollFailed(Exception e)
    {
        _pollFailures++;
        var previous = _snapshot;
        var message = e is OperationCanceledException ? $"no answer within {_options.PollTimeout.TotalSeconds:0.#} s" : e.Message;
        if (previous.Status != AliasWatchStatus.Unreachable)
        {
            _outageStart = _time.GetUtcNow();
            AliasWatcherLog.Unreachable(_logger, _client.TrackingUri, _options.ToString(), message, previous.Current?.Version ?? "(none)", _options.MaxBackoff);
        }

        _snapshot = previous with { Status = AliasWatchStatus.Unreachable, PollError = message, UnreachableSince = _outageStart };
        return Backoff(_pollFailures);
    }

    /// <summary>PollInterval × 2^failures, at most MaxBackoff (and never below PollInterval).</summary>
    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures, 30));
        var ticks = Math.Min(_options.PollInterval.Ticks * factor, _options.MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)Math.Max(ticks, _options.PollInterval.Ticks));
    }

    private TimeSpan Jittered(TimeSpan delay) =>
        TimeSpan.FromTicks((long)(delay.Ticks * (1 + (_options.Jitter * ((2 * Random.Shared.NextDouble()) - 1)))));
}
