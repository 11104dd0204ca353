using System.Diagnostics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Client spans for Redis commands, opened and closed around each call on the <c>Bandit.Redis</c> source (collected with
/// the other Bandit sources). For a service whose Redis calls are on its hot path, in place of Aspire's StackExchange.Redis
/// tracing (<see cref="RedisExtensions.AddRedisConnection"/> with <c>profiledSpans: false</c>): that one profiles every
/// command and turns the profiles into spans on a background thread, which cost the Router about 12% of its CPU per
/// <c>/update</c> in paired runs (docs/BENCHMARKS.md). Like Aspire's, a span is made only inside a traced operation, so background
/// work makes no root spans; it is a child of the operation and never becomes <see cref="Activity.Current"/> for the
/// caller (a command started while the caller goes on, e.g. a decision recorded during the variant call, must not
/// parent the caller's next span).
/// </summary>
public static class RedisSpans
{
    public const string SourceName = BanditTelemetry.Prefix + "Redis";

    private static readonly ActivitySource _source = new(SourceName);

    /// <summary>
    /// Opens a span for <paramref name="operation"/> (the command, e.g. <c>EVALSHA</c>) named after what it does
    /// (<paramref name="summary"/>, e.g. <c>record decision</c>); null when nothing listens or no operation is traced.
    /// Call it before issuing the command and hand its result to <see cref="Trace{T}"/>.
    /// </summary>
    public static Activity? Start(string operation, string summary)
    {
        var parent = Activity.Current;
        if (parent is null || !_source.HasListeners())
        {
            return null;
        }

        var span = _source.StartActivity(summary, ActivityKind.Client);
        if (span is null)
        {
            return null;
        }

        Activity.Current = parent;
        if (span.IsAllDataRequested)
        {
            span.SetTag("db.system.name", "redis");
            span.SetTag("db.system", "redis");
            span.SetTag("db.operation.name", operation);
            span.SetTag("db.query.summary", summary);
        }

        return span;
    }

    /// <summary>Ends <paramref name="span"/> when <paramref name="command"/> completes (status error when it fails); the command itself when there is no span.</summary>
    public static Task<T> Trace<T>(Activity? span, Task<T> command) => span is null ? command : TraceAsync(span, command);

    /// <inheritdoc cref="Trace{T}(Activity?, Task{T})"/>
    public static Task Trace(Activity? span, Task command) => span is null ? command : TraceAsync(span, command);

    private static async Task<T> TraceAsync<T>(Activity span, Task<T> command)
    {
        try
        {
            return await command.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            span.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        finally
        {
            span.Stop();
        }
    }

    private static async Task TraceAsync(Activity span, Task command)
    {
        try
        {
            await command.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            span.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        finally
        {
            span.Stop();
        }
    }
}
