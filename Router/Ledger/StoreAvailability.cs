using StackExchange.Redis;

namespace Bandit.Router.Ledger;

/// <summary>
/// Whether the bandit store is taking writes. Any caller that sees the store fail marks it unavailable; from then on
/// decisions and rewards go to the <see cref="OutageLog"/> without trying the store, until the
/// <see cref="OutageDrainer"/> has reached the store again and applied everything buffered.
/// </summary>
public sealed class StoreAvailability
{
    private volatile bool _unavailable;

    public bool IsAvailable => !_unavailable;

    public void MarkUnavailable() => _unavailable = true;

    public void MarkAvailable() => _unavailable = false;

    /// <summary>
    /// True for the errors of a store that is down, restarting or unreachable (not for a bad command). That includes
    /// the raw <see cref="InvalidOperationException"/> System.IO.Pipelines throws when StackExchange.Redis writes to a
    /// connection that is being torn down ("Writing is not allowed after writer was completed"), which it does not wrap
    /// in a <see cref="RedisConnectionException"/> while it reconnects, and socket errors.
    /// </summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        RedisServerException e => e.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || e.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal) || e.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal),
        InvalidOperationException e when IsClosedPipe(e) => true,
        System.Net.Sockets.SocketException or IOException => true,
        AggregateException e => e.InnerExceptions.Any(IsOutage),
        { InnerException: { } inner } => IsOutage(inner),
        _ => false,
    };

    private static bool IsClosedPipe(InvalidOperationException e) =>
        e.TargetSite?.DeclaringType?.Assembly.GetName().Name == "System.IO.Pipelines";
}
