using System.Collections.Concurrent;
using System.Diagnostics;
using Bandit.TestSupport;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Bandit.ServiceDefaults.Tests;

[Collection(TelemetryCollection.Name)]
public sealed class RedisSpansTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly ActivitySource _test = new("RedisSpansTests");

    [Fact]
    public async Task Trace_InsideAnOperation_OneChildSpanPerCommandAndTheCallersCurrentActivityUnchanged()
    {
        using var listener = Listen(out var spans);
        using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        using var parent = _test.StartActivity("request")!;
        var span = RedisSpans.Start("SET", "write probe");
        var current = Activity.Current;
        await RedisSpans.Trace(span, multiplexer.GetDatabase().StringSetAsync("redisspans:probe", "1"));

        // A command sent while the caller goes on must not parent the caller's next span.
        Assert.Same(parent, current);
        Assert.Same(parent, Activity.Current);
        var recorded = Assert.Single(spans, s => s.Source.Name == RedisSpans.SourceName);
        Assert.Equal(parent.SpanId, recorded.ParentSpanId);
        Assert.Equal(parent.TraceId, recorded.TraceId);
        Assert.Equal(ActivityKind.Client, recorded.Kind);
        Assert.Equal("write probe", recorded.DisplayName);
        Assert.Equal("redis", recorded.GetTagItem("db.system.name"));
        Assert.Equal("SET", recorded.GetTagItem("db.operation.name"));
        Assert.Equal(ActivityStatusCode.Unset, recorded.Status);
    }

    [Fact]
    public async Task Trace_FailedCommand_SpanHasErrorStatusAndTheErrorReachesTheCaller()
    {
        using var listener = Listen(out var spans);
        using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await multiplexer.GetDatabase().StringSetAsync("redisspans:text", "not a number");

        using var parent = _test.StartActivity("request")!;
        await Assert.ThrowsAsync<RedisServerException>(() =>
            RedisSpans.Trace(RedisSpans.Start("INCR", "count"), multiplexer.GetDatabase().StringIncrementAsync("redisspans:text")));

        Assert.Equal(ActivityStatusCode.Error, Assert.Single(spans, s => s.Source.Name == RedisSpans.SourceName).Status);
    }

    [Fact]
    public void Start_OutsideAnyOperation_NoSpan()
    {
        using var listener = Listen(out var spans);
        Activity.Current = null;

        Assert.Null(RedisSpans.Start("GET", "background read"));
        Assert.Empty(spans);
    }

    private static ActivityListener Listen(out ConcurrentQueue<Activity> spans)
    {
        var stopped = spans = new ConcurrentQueue<Activity>();
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is RedisSpans.SourceName or "RedisSpansTests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.Source.Name == RedisSpans.SourceName)
                {
                    stopped.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
