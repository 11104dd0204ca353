namespace Bandit.EndToEnd.Tests;

/// <summary>
/// The AppHost's infrastructure forms, read from the application model it builds (nothing is started): each
/// <c>Infrastructure:*</c> setting picks its form, a wrong value is refused with the allowed ones, and publishing
/// always describes the containers.
/// </summary>
public sealed class InfrastructureChoiceTests
{
    [Theory]
    [InlineData("container", typeof(ContainerResource))]
    [InlineData("executable", typeof(ExecutableResource))]
    public async Task Redis_EachSetting_GivesThatFormUnderTheNameRedisWithAConnectionString(string setting, Type form)
    {
        var resources = await ModelAsync($"--Infrastructure:Redis={setting}", "--Infrastructure:Mlflow=bundled");

        var redis = Assert.Single(resources, r => r.Name == "redis");
        Assert.IsAssignableFrom(form, redis);
        Assert.IsAssignableFrom<IResourceWithConnectionString>(redis);
        if (redis is ExecutableResource executable)
        {
            Assert.Equal("redis-server", executable.Command);
        }
    }

    [Fact]
    public async Task Redis_None_NoRedisResourceAndTheRouterGetsNoConnectionString()
    {
        var resources = await ModelAsync("--Infrastructure:Redis=none", "--Infrastructure:Mlflow=bundled");

        Assert.DoesNotContain(resources, r => r.Name == "redis");
    }

    [Theory]
    [InlineData("container", typeof(ContainerResource), "")]
    [InlineData("cli", typeof(ExecutableResource), "mlflow")]
    [InlineData("bundled", typeof(ProjectResource), "")]
    public async Task Mlflow_EachSetting_GivesThatFormUnderTheNameMlflowWithAnHttpEndpoint(string setting, Type form, string command)
    {
        var resources = await ModelAsync("--Infrastructure:Redis=none", $"--Infrastructure:Mlflow={setting}");

        var mlflow = Assert.Single(resources, r => r.Name == "mlflow");
        Assert.IsAssignableFrom(form, mlflow);
        Assert.Contains(mlflow.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http");
        if (mlflow is ExecutableResource executable)
        {
            Assert.Equal(command, executable.Command);
        }
    }

    [Fact]
    public async Task Setting_UnknownValue_IsRefusedNamingTheAllowedOnes()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ModelAsync("--Infrastructure:Redis=sometimes"));

        Assert.Contains("Infrastructure:Redis", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("container, executable, none", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_EvenWithLocalFormsAsked_DescribesTheContainers()
    {
        var resources = await ModelAsync("--operation", "publish", "--publisher", "manifest", "--Infrastructure:Redis=executable", "--Infrastructure:Mlflow=bundled");

        Assert.IsAssignableFrom<ContainerResource>(Assert.Single(resources, r => r.Name == "redis"));
        Assert.IsAssignableFrom<ContainerResource>(Assert.Single(resources, r => r.Name == "mlflow"));
    }

    [Fact]
    public async Task Arms_EachVariantServesItsAliasAndTheRouterReferencesEveryOne()
    {
        var resources = await ModelAsync("--Infrastructure:Redis=none", "--Infrastructure:Mlflow=bundled", "--Trainer:Args=--folds 2");

        var variants = resources.OfType<ProjectResource>().Where(r => r.Name.StartsWith("variant-", StringComparison.Ordinal)).Select(r => r.Name).Order().ToList();
        Assert.Equal(["variant-a", "variant-b", "variant-c"], variants);

        // The Trainer is told the same arms, so the router config it registers lists every variant (and Trainer:Args follow).
        var trainer = Assert.Single(resources.OfType<ProjectResource>(), r => r.Name == "trainer");
        var args = new List<object>();
        foreach (var callback in trainer.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(new CommandLineArgsCallbackContext(args));
        }

        Assert.Equal(["--arms", "PolicyA=variant-a,PolicyB=variant-b,PolicyC=variant-c", "--folds", "2"], args.Select(a => a.ToString()));
        var router = Assert.Single(resources, r => r.Name == "router");
        var waits = router.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).ToList();
        Assert.All(variants, v => Assert.Contains(v, waits));
        Assert.Contains("mlflow", waits);
    }

    private static async Task<IReadOnlyList<IResource>> ModelAsync(params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Bandit_AppHost>(
            [.. args, "--Parameters:router-admin-key=model-only", "--Infrastructure:DataDir=" + Path.Combine(Path.GetTempPath(), "bandit-model-only")]);
        return builder.Resources.ToList();
    }
}
