using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bandit.Variants.Extensions;
using Bandit.Variants.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.Variants.Tests;

/// <summary>The span per recommend request, the served-version gauge and the swap counter.</summary>
[Collection(RegistryCollection.Name)]
public sealed class TelemetryTests(RegistryFixture registry)
{
    [Fact]
    public async Task Recommend_RecordsSpanWithAliasVersionKAndCandidateCount()
    {
        // Arrange
        var variant = await registry.ServingVariantAsync();
        var version = (await variant.GetModelAsync()).ModelVersion;
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == VariantsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var exclude = TestModels.Data.Movies.Select(m => m.MovieId).Where(id => !TestModels.RatedBy(1).Contains(id)).Take(3).ToArray();

        // Act
        await variant.RecommendOkAsync(new { userId = 1, k = 7, exclude }, new Dictionary<string, string> { ["X-Bandit-Arm"] = "telemetry-arm" });

        // Assert: the catalogue less user 1's rated movies (all in the catalogue) less the 3 excluded.
        Activity span;
        lock (spans)
        {
            span = Assert.Single(spans, s => (string?)s.GetTagItem(VariantsTelemetry.ArmTag) == "telemetry-arm");
        }

        Assert.Equal(VariantsTelemetry.RecommendActivity, span.OperationName);
        Assert.Equal("PolicyA", span.GetTagItem(VariantsTelemetry.AliasTag));
        Assert.Equal(version, span.GetTagItem(VariantsTelemetry.ModelVersionTag));
        Assert.Equal(7, span.GetTagItem(VariantsTelemetry.KTag));
        Assert.Equal(TestModels.Data.Movies.Count - TestModels.RatedBy(1).Count - 3, span.GetTagItem(VariantsTelemetry.CandidatesTag));
        Assert.Equal(false, span.GetTagItem(VariantsTelemetry.ColdStartTag));
    }

    [Fact]
    public async Task MoveAlias_CountsOneSwapAndGaugeReportsNewVersion()
    {
        // Arrange
        var name = RegistryFixture.NewModelName();
        var versions = await registry.PublishAsync(name, TestModels.Logistic, TestModels.LightGbm);
        await registry.Client.SetAliasAsync(name, "PolicyB", versions[0].Version);
        await using var variant = new VariantsApplication(registry.TrackingUri, name, "PolicyB");
        await variant.WaitForVersionAsync(versions[0].Version, TimeSpan.FromSeconds(10));
        var scope = variant.Services.GetRequiredService<IMeterFactory>();
        long swaps = 0;
        var gauge = new List<(long Value, object? Alias)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == VariantsTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, scope))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == VariantsTelemetry.SwapsCounter)
            {
                Interlocked.Add(ref swaps, value);
            }
            else if (instrument.Name == VariantsTelemetry.ModelVersionGauge)
            {
                gauge.Add((value, tags.ToArray().Single(t => t.Key == VariantsTelemetry.AliasTag).Value));
            }
        });
        listener.Start();

        // Act
        await registry.Client.SetAliasAsync(name, "PolicyB", versions[1].Version);
        await variant.WaitForVersionAsync(versions[1].Version, TimeSpan.FromSeconds(10));
        listener.RecordObservableInstruments();

        // Assert
        Assert.Equal(1, Interlocked.Read(ref swaps));
        Assert.Equal((long.Parse(versions[1].Version), (object?)"PolicyB"), Assert.Single(gauge));
    }
}
