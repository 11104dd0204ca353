using Bandit.TestSupport;
using Microsoft.Extensions.Hosting;

namespace Bandit.Variants.Tests;

/// <summary>
/// Variants started by hand without its one required setting: its options are first read when the host starts, where the
/// host itself logged the failure with its trace before <c>app.Run()</c> threw it. ServiceRunner checks them before that.
/// </summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task NoAlias_OneLineNamingTheSetting_ExitsTwo()
    {
        var (code, stdout, stderr) = await ServiceProcess.RunAsync("Bandit.Variants.dll", ["--urls", "http://127.0.0.1:0"]);

        Assert.Equal(
            "Bandit.Variants: invalid configuration: DataAnnotation validation failed for 'VariantOptions' members: 'Alias' with the error: 'Variant:Alias is required (e.g. PolicyA or PolicyB)'.",
            Assert.Single(ServiceProcess.Lines(stderr)));
        Assert.Equal(ServiceRunner.BadConfiguration, code);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }
}
