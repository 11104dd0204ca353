using Bandit.TestSupport;
using Xunit.Abstractions;

namespace Bandit.Mlflow.ContractTests;

/// <summary>
/// The bad-input sweep (<see cref="BadInputSweep"/>) over every operation of the local registry's OpenAPI document:
/// garbage in every field of a well-formed MLflow request (the samples below: the document declares no request
/// schemas), whole bodies, Content-Types, a body over the 16 MiB JSON limit, path and query parameters. Never a 5xx,
/// every 4xx in MLflow's error shape, and every refused write leaves the stored state (models, versions, webhooks, the
/// seeded run, the file tree) as it was. <see cref="RegistryBadInputTests"/> holds the hand-picked cases and their exact
/// error codes; this guards any route or field added later.
/// </summary>
public sealed class RegistryBadInputSweepTests(SeededRegistryFixture registry, ITestOutputHelper output) : IClassFixture<SeededRegistryFixture>
{
    private const string Mlflow = "/api/2.0/mlflow/";

    [LocalRegistryFact("its 4xx-instead-of-500 choices and limits are the local registry's")]
    public async Task EveryOperation_BadInput_IsNever5xxAlwaysAnMlflowErrorAndChangesNothing()
    {
        var (model, run, experiment, artifacts) = (registry.SeededModel, registry.RunId, registry.ExperimentId, registry.RunArtifacts);

        var report = await BadInputSweep.RunAsync(new BadInputSweepOptions
        {
            Http = registry.Http,
            ErrorShape = ErrorShape.Mlflow,
            MaxBodyBytes = 16 * 1024 * 1024, // RequestArgs.MaxJsonBytes
            PathValues = new Dictionary<string, string> { ["path"] = artifacts + "/model/MLmodel", ["webhookId"] = "1" },
            Samples = new Dictionary<(string, string), RouteSample>
            {
                [("POST", Mlflow + "experiments/create")] = new(Body: """{"name": "sweep-experiment", "tags": [{"key": "k", "value": "v"}]}"""),
                [("GET", Mlflow + "experiments/get")] = new($"experiment_id={experiment}"),
                [("GET", Mlflow + "experiments/get-by-name")] = new("experiment_name=Default"),
                [("POST", Mlflow + "runs/create")] = new(Body: $$"""{"experiment_id": "{{experiment}}", "start_time": 1, "run_name": "sweep", "tags": [{"key": "k", "value": "v"}]}"""),
                [("GET", Mlflow + "runs/get")] = new($"run_id={run}"),
                [("POST", Mlflow + "runs/log-batch")] = new(Body: $$"""{"run_id": "{{run}}", "metrics": [{"key": "m", "value": 1, "timestamp": 1, "step": 0}], "params": [{"key": "p", "value": "1"}], "tags": [{"key": "t", "value": "v"}]}"""),
                [("POST", Mlflow + "runs/log-metric")] = new(Body: $$"""{"run_id": "{{run}}", "key": "m", "value": 1, "timestamp": 1, "step": 0}"""),
                [("POST", Mlflow + "runs/log-parameter")] = new(Body: $$"""{"run_id": "{{run}}", "key": "p2", "value": "1"}"""),
                [("POST", Mlflow + "runs/set-tag")] = new(Body: $$"""{"run_id": "{{run}}", "key": "t", "value": "v"}"""),
                [("POST", Mlflow + "runs/update")] = new(Body: $$"""{"run_id": "{{run}}", "status": "RUNNING", "end_time": 1, "run_name": "seeded"}"""),
                [("POST", Mlflow + "runs/search")] = new(Body: $$"""{"experiment_ids": ["{{experiment}}"], "filter": "metrics.auc > 0", "max_results": 10, "order_by": ["start_time DESC"], "page_token": ""}"""),
                [("GET", Mlflow + "metrics/get-history")] = new($"run_id={run}&metric_key=auc&max_results=10&page_token="),
                [("POST", Mlflow + "logged-models/search")] = new(Body: $$"""{"experiment_ids": ["{{experiment}}"], "max_results": 10}"""),
                [("GET", "/api/2.0/mlflow-artifacts/artifacts")] = new($"path={artifacts}"),
                [("PUT", "/api/2.0/mlflow-artifacts/artifacts/{path}")] = new(JsonBody: false), // the body is the file's bytes
                [("POST", Mlflow + "registered-models/create")] = new(Body: """{"name": "sweep-model", "description": "d", "tags": [{"key": "k", "value": "v"}]}"""),
                [("GET", Mlflow + "registered-models/get")] = new($"name={model}"),
                [("GET", Mlflow + "registered-models/search")] = new("filter=name%20LIKE%20%27%25%27&max_results=10&order_by=name&page_token="),
                [("POST", Mlflow + "registered-models/alias")] = new(Body: $$"""{"name": "{{model}}", "alias": "champion", "version": "1"}"""),
                [("DELETE", Mlflow + "registered-models/alias")] = new(Body: $$"""{"name": "{{model}}", "alias": "sweep-alias"}"""),
                [("GET", Mlflow + "registered-models/alias")] = new($"name={model}&alias=champion"),
                [("POST", Mlflow + "model-versions/create")] = new(Body: $$"""{"name": "{{model}}", "source": "mlflow-artifacts:/{{artifacts}}/model", "run_id": "{{run}}", "description": "d", "tags": [{"key": "k", "value": "v"}]}"""),
                [("GET", Mlflow + "model-versions/get")] = new($"name={model}&version=1"),
                [("GET", Mlflow + "model-versions/search")] = new($"filter=name%3D%27{model}%27&max_results=10&order_by=version_number&page_token="),
                [("GET", Mlflow + "model-versions/get-download-uri")] = new($"name={model}&version=1"),
                [("POST", Mlflow + "model-versions/set-tag")] = new(Body: $$"""{"name": "{{model}}", "version": "1", "key": "k", "value": "v"}"""),
                [("POST", Mlflow + "webhooks")] = new(Body: """{"name": "sweep", "url": "https://127.0.0.1:9/hook", "events": [{"entity": "model_version_alias", "action": "created"}], "secret": "s", "status": "ACTIVE", "description": "d"}"""),
                [("GET", Mlflow + "webhooks")] = new("max_results=10&page_token="),
                [("DELETE", Mlflow + "webhooks/{webhookId}")] = new(JsonBody: false),
            },
            SnapshotAsync = registry.SnapshotAsync,
        });

        output.WriteLine(report.ToString());
        report.AssertClean();
        Assert.Empty(registry.MarkerFiles());
        Assert.Contains("POST " + Mlflow + "registered-models/create", report.Operations);
    }
}
