using System.Runtime.CompilerServices;
using Xunit.Abstractions;
using Bandit.TestSupport;
using Bandit.Variants.Tests.Support;

namespace Bandit.Variants.Tests;

/// <summary>
/// The bad-input sweep (<see cref="BadInputSweep"/>) over every operation of the variant's OpenAPI document: garbage in
/// every body field, whole bodies, Content-Types, sizes: never a 5xx, every 4xx a problem, and nothing changes (the same
/// model object serves, <c>GET /model</c> reads the same, no extra registry poll). <see cref="BadInputTests"/> holds the
/// hand-picked cases and their exact statuses; this guards any route or field added later.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class BadInputSweepTests(RegistryFixture registry, ITestOutputHelper output)
{
    [Fact]
    public async Task EveryOperation_BadInput_IsNever5xxAlwaysAProblemAndChangesNothing()
    {
        var variant = await registry.ServingVariantAsync();

        var report = await BadInputSweep.RunAsync(new BadInputSweepOptions
        {
            Http = variant.Http,
            MaxBodyBytes = 64 * 1024,
            SnapshotAsync = async () =>
                $"{RuntimeHelpers.GetHashCode(variant.Holder.Current)} polls={variant.Watcher.PollCount} {await variant.Http.GetStringAsync("/model")}",
        });

        output.WriteLine(report.ToString());
        report.AssertClean();
        Assert.Contains("POST /recommend", report.Operations);
    }
}
