using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bandit.Router.Common;

namespace Bandit.Router.Tests.Api;

public sealed class TelemetryTests(InMemoryRouterFixture fixture) : IClassFixture<InMemoryRouterFixture>
{
    [Fact]
    public async Task Choose_RecordsArmAndDecisionOnTheRequestSpanAndCountsDecisionsRewardsAndTime()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RouterTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        meters.Start();

        var choice = await fixture.Client.ChooseAsync(31);
        await fixture.Client.UpdateAsync(choice.DecisionId, 1.0);

        var span = Assert.Single(spans, s => Equals(s.GetTagItem(RouterTelemetry.ArmTag), choice.Arm));
        Assert.Matches("^[0-9a-f]{32}$", (string)span.GetTagItem(RouterTelemetry.DecisionTag)!);
        Assert.Equal("thompson", span.GetTagItem(RouterTelemetry.StrategyTag));
        Assert.Equal(choice.Propensity, (double)span.GetTagItem(RouterTelemetry.PropensityTag)!);
        Assert.Contains(measurements, m => m.Instrument == "bandit.router.decisions" && Equals(m.Tags[RouterTelemetry.ArmTag], choice.Arm) && Equals(m.Tags[RouterTelemetry.StrategyTag], "thompson"));
        Assert.Contains(measurements, m => m.Instrument == "bandit.router.rewards" && Equals(m.Tags[RouterTelemetry.ArmTag], choice.Arm) && Equals(m.Tags[RouterTelemetry.StatusTag], "recorded"));
        Assert.Contains(measurements, m => m.Instrument == "bandit.router.decision.duration" && m.Value > 0 && m.Value < 0.1);
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
