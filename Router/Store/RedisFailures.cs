using StackExchange.Redis;

namespace Bandit.Router.Store;

/// <summary>
/// Which StackExchange.Redis failures mean "Redis is unavailable" (rather than a bad command or a bug), and the
/// wrapper that turns them into <see cref="StoreUnavailableException"/> so no code outside <c>Store/</c> sees
/// the client's exception types.
/// </summary>
internal static class RedisFailures
{
    /// <summary>
    /// True for the errors of a store that is down, restarting or unreachable (not for a bad command). That includes
    /// the raw <see cref="InvalidOperationException"/> System.IO.Pipelines throws when StackExchange.Redis writes to a
    /// connection that is being torn down ("Writing is not allowed after writer was completed"), which it does not wrap
    /// in a <see cref="RedisConnectionException"/> while it reconnects, and socket errors.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        StoreUnavailableException => true,
        RedisConnectionException or RedisTimeoutException => true,
        RedisServerException e => e.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || e.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal) || e.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal),
        InvalidOperationException e when IsClosedPipe(e) => true,
        System.Net.Sockets.SocketException or IOException => true,
        AggregateException e => e.InnerExceptions.Any(IsUnavailable),
        { InnerException: { } inner } => IsUnavailable(inner),
        _ => false,
    };

    /// <summary>Runs a store call; an outage, thrown at once or by the task, becomes <see cref="StoreUnavailableException"/>.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not StoreUnavailableException && IsUnavailable(e))
        {
            throw new StoreUnavailableException(e);
        }
    }

    /// <inheritdoc cref="Guard{T}(Func{Task{T}})"/>
    public static async Task Guard(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not StoreUnavailableException && IsUnavailable(e))
        {
            throw new StoreUnavailableException(e);
        }
    }

    private static bool IsClosedPipe(InvalidOperationException e) =>
        e.TargetSite?.DeclaringType?.Assembly.GetName().Name == "System.IO.Pipelines";
}
