using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.Mlflow.ContractTests;

/// <summary>
/// The client's HTTP pipeline from <c>AddMlflowClient</c>: retries only transient failures, never a 4xx, and never
/// replays a create unless the connection was refused. ServiceDefaults' standard handler for every HttpClient is
/// simulated, to show it is removed rather than stacked.
/// </summary>
public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task Get_TransientStatus_IsRetriedThreeTimes(HttpStatusCode status)
    {
        var stub = new StubHandler(_ => Respond(status, "{}"));
        var client = NewClient(stub);

        await Assert.ThrowsAsync<MlflowException>(() => client.GetRunAsync("r"));

        Assert.Equal(4, stub.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE")]
    [InlineData(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST")]
    [InlineData(HttpStatusCode.InternalServerError, "INTERNAL_ERROR")]
    public async Task Get_DeterministicError_IsNotRetried_AndCarriesTheErrorCode(HttpStatusCode status, string code)
    {
        var stub = new StubHandler(_ => Respond(status, $"{{\"error_code\": \"{code}\", \"message\": \"nope\"}}"));
        var client = NewClient(stub);

        var error = await Assert.ThrowsAsync<MlflowException>(() => client.GetRunAsync("r"));

        Assert.Equal(1, stub.Calls);
        Assert.Equal((status, code, "nope"), (error.StatusCode, error.ErrorCode, error.MlflowMessage));
    }

    [Fact]
    public async Task Get_TransientThenSuccess_Succeeds()
    {
        var stub = new StubHandler(n => n == 1
            ? Respond(HttpStatusCode.ServiceUnavailable, "")
            : Respond(HttpStatusCode.OK, "{\"experiment\": {\"experiment_id\": \"7\", \"name\": \"e\"}}"));
        var client = NewClient(stub);

        var experiment = await client.GetExperimentByNameAsync("e");

        Assert.Equal("7", experiment!.ExperimentId);
        Assert.Equal(2, stub.Calls);
    }

    [Fact]
    public async Task CreateModelVersion_ServiceUnavailable_IsNotReplayed()
    {
        var stub = new StubHandler(_ => Respond(HttpStatusCode.ServiceUnavailable, ""));
        var client = NewClient(stub);

        await Assert.ThrowsAsync<MlflowException>(() => client.CreateModelVersionAsync("m", "mlflow-artifacts:/0/r/artifacts/model"));

        Assert.Equal(1, stub.Calls);
    }

    [Fact]
    public async Task CreateRun_ConnectionRefused_IsRetriedBecauseNothingReachedTheServer()
    {
        var stub = new StubHandler(n => n < 3
            ? throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))
            : Respond(HttpStatusCode.OK, "{\"run\": {\"info\": {\"run_id\": \"r1\", \"experiment_id\": \"0\", \"status\": \"RUNNING\"}, \"data\": {}}}"));
        var client = NewClient(stub);

        var run = await client.CreateRunAsync("0");

        Assert.Equal("r1", run.Info.RunId);
        Assert.Equal(3, stub.Calls);
    }

    [Fact]
    public async Task CreateRun_ConnectionReset_IsNotReplayed()
    {
        var stub = new StubHandler(_ => throw new HttpRequestException("reset", new SocketException((int)SocketError.ConnectionReset)));
        var client = NewClient(stub);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.CreateRunAsync("0"));

        Assert.Equal(1, stub.Calls);
    }

    [Fact]
    public async Task SetAlias_AnIdempotentPost_IsRetriedOnServiceUnavailable()
    {
        var stub = new StubHandler(n => n == 1 ? Respond(HttpStatusCode.ServiceUnavailable, "") : Respond(HttpStatusCode.OK, "{}"));
        var client = NewClient(stub);

        await client.SetAliasAsync("m", "a", "1");

        Assert.Equal(2, stub.Calls);
    }

    private static MlflowClient NewClient(StubHandler stub)
    {
        var services = MlflowServerFixture.NewServices(new Uri("http://mlflow.invalid:5000/"), s =>
        {
            // What ServiceDefaults does for every HttpClient; AddMlflowClient must not end up with both pipelines.
            s.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
            s.AddHttpClient<MlflowClient>().ConfigurePrimaryHttpMessageHandler(() => stub);
        });
        return services.GetRequiredService<MlflowClient>();
    }

    private static HttpResponseMessage Respond(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

    private sealed class StubHandler(Func<int, HttpResponseMessage> respond) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(respond(Interlocked.Increment(ref _calls)));
    }
}
