using Bandit.Mlflow;
using Bandit.TestSupport;
using Bandit.Trainer.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bandit.Trainer.Tests.Publishing;

/// <summary>
/// The registry stage's check, before any training: it must prove an MLflow answers, not just a web server. Every
/// server answers 404 to a path it does not know, and MLflow answers 404 for a missing experiment too.
/// </summary>
public sealed class ReachabilityTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task CheckReachable_WebServerThatIsNotMlflow_FailsNamingTheUri()
    {
        await using var app = await LoopbackApp.StartAsync(a => a.MapFallback(() =>
            Results.Content("<!DOCTYPE html>\n<html><body>Not Found</body></html>", "text/html", statusCode: 404)));
        var client = new MlflowClient(new HttpClient { BaseAddress = new Uri(app.Address()) });

        var e = await Assert.ThrowsAsync<MlflowUnavailableException>(() => new RegistryGateway(client).CheckReachableAsync(CancellationToken.None));

        Assert.Equal($"MLflow at {app.Address()}/ is unreachable: it answered 404 without MLflow's JSON error body (is it an MLflow server?)", e.Message);
    }

    [Fact]
    public async Task CheckReachable_Mlflow_AnswersWhetherTheExperimentExists()
    {
        var exists = await new RegistryGateway(registry.Client).CheckReachableAsync(CancellationToken.None);

        Assert.False(exists);
    }

    [Fact]
    public void OneLine_ServerBodyOverSeveralLines_IsPrintedOnOne()
    {
        Assert.Equal("failed: GET /x -> 500 : <html> <body>oops</body> </html>",
            Bandit.Training.Reporting.ConsoleText.OneLine("failed: GET /x -> 500 : <html>\r\n  <body>oops</body>\n</html>\n"));
    }
}
