namespace Bandit.Mlflow.ContractTests;

/// <summary>Small builders the contract tests share.</summary>
internal static class TestData
{
    /// <summary>A finished-looking run in a fresh experiment, for tests that need an artifact URI.</summary>
    public static async Task<Run> NewRunAsync(MlflowClient client, string prefix = "run")
    {
        var experimentId = await client.GetOrCreateExperimentAsync(MlflowServerFixture.Unique($"exp-{prefix}"));
        return await client.CreateRunAsync(experimentId, prefix);
    }

    /// <summary>A registered model with <paramref name="versions"/> versions (sources under one run's artifacts).</summary>
    public static async Task<(string Name, Run Run)> NewModelAsync(MlflowClient client, int versions)
    {
        var name = MlflowServerFixture.Unique("model");
        var run = await NewRunAsync(client, "model");
        await client.CreateRegisteredModelAsync(name);
        for (var i = 0; i < versions; i++)
        {
            await client.CreateModelVersionAsync(name, run.Info.ArtifactUri + "/model", run.Info.RunId);
        }

        return (name, run);
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
