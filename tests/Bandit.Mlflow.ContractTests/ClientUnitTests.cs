namespace Bandit.Mlflow.ContractTests;

/// <summary>Client pieces that need no server: URI mapping, model URIs, log-batch chunking, MLmodel, webhook signatures.</summary>
public sealed class ClientUnitTests
{
    private static readonly Uri Tracking = new("http://mlflow:5000/");

    [Theory]
    [InlineData("mlflow-artifacts:/1/abc/artifacts", "http://mlflow:5000/api/2.0/mlflow-artifacts/artifacts", "1/abc/artifacts")]
    [InlineData("mlflow-artifacts:///1/abc/artifacts", "http://mlflow:5000/api/2.0/mlflow-artifacts/artifacts", "1/abc/artifacts")]
    [InlineData("mlflow-artifacts://other:6000/1/abc", "http://other:6000/api/2.0/mlflow-artifacts/artifacts", "1/abc")]
    [InlineData("https://host/prefix/api/2.0/mlflow-artifacts/artifacts/1/abc%20d", "https://host/prefix/api/2.0/mlflow-artifacts/artifacts", "1/abc d")]
    public void ArtifactUriResolve_KnownForms_MapToTheProxy(string uri, string endpoint, string path)
    {
        var resolved = ArtifactUri.Resolve(Tracking, uri);

        Assert.Equal((new Uri(endpoint), path), resolved);
    }

    [Fact]
    public void ArtifactUriToHttp_EscapesEachSegment_AndKeepsTheTrackingPathPrefix()
    {
        var url = ArtifactUri.ToHttp(new Uri("http://h:1/mlflow"), "mlflow-artifacts:/1/r/artifacts", "model/a b#.txt");

        Assert.Equal("http://h:1/mlflow/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/model/a%20b%23.txt", url.AbsoluteUri);
    }

    [Theory]
    [InlineData("s3://bucket/path")]
    [InlineData("file:///tmp/x")]
    [InlineData("http://host/not/the/proxy")]
    public void ArtifactUriResolve_OtherSchemes_AreNotSupported(string uri)
    {
        Assert.Throws<NotSupportedException>(() => ArtifactUri.Resolve(Tracking, uri));
    }

    [Theory]
    [InlineData("models:/movielens_ctr_ab@PolicyA", "movielens_ctr_ab", null, "PolicyA")]
    [InlineData("models:/movielens_ctr_ab/3", "movielens_ctr_ab", "3", null)]
    [InlineData("models:/a.b.c/latest", "a.b.c", "latest", null)]
    public void ModelUriParse_ValidForms(string uri, string name, string? version, string? alias)
    {
        Assert.Equal(new ModelUri(name, version, alias), ModelUri.Parse(uri));
        Assert.Equal(uri, ModelUri.Parse(uri).ToString());
    }

    [Theory]
    [InlineData("runs:/abc/model")]
    [InlineData("models:/")]
    [InlineData("models:/name")]
    [InlineData("models:/name/Production")]
    [InlineData("models:/name@")]
    public void ModelUriParse_InvalidForms_AreRefused(string uri)
    {
        Assert.False(ModelUri.TryParse(uri, out _));
        Assert.Throws<FormatException>(() => ModelUri.Parse(uri));
    }

    [Fact]
    public void LogBatchChunker_LongTagsAndKeys_StaysUnderEveryLimit()
    {
        // 100 tags of 8000 chars (~0.8 MB) plus 1000 metrics with 240-char keys (~0.3 MB) exceed 1 MB together:
        // the byte budget, not the counts, must split them.
        var tags = Enumerable.Range(0, 100).Select(i => new RunTag($"t{i}", new string('v', 8000)));
        var metrics = Enumerable.Range(0, 1000).Select(i => new Metric(new string('k', 236) + i.ToString("0000"), i, 1, i));

        var chunks = LogBatchChunker.Chunk("0123456789abcdef0123456789abcdef", metrics, [], tags).ToList();

        Assert.True(chunks.Count >= 2);
        Assert.All(chunks, c =>
        {
            Assert.True(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(c, Protocol.MlflowJsonContext.Default.LogBatchRequest).Length <= LogBatchChunker.MaxRequestBytes);
            Assert.True(c.Metrics.Count <= LogBatchChunker.MaxMetrics);
            Assert.True(c.Params.Count + c.Tags.Count <= LogBatchChunker.MaxParamsAndTags);
        });
        Assert.Equal(100, chunks.Sum(c => c.Tags.Count));
        Assert.Equal(1000, chunks.Sum(c => c.Metrics.Count));
    }

    [Fact]
    public void LogBatchChunker_Counts_SplitAtTheLimitsAndKeepOrder()
    {
        var metrics = Enumerable.Range(0, 2001).Select(i => new Metric("m", i, 1, i)).ToList();
        var @params = Enumerable.Range(0, 150).Select(i => new Param($"p{i}", "v")).ToList();

        var chunks = LogBatchChunker.Chunk("run", metrics, @params, []).ToList();

        Assert.Equal([100, 50, 0, 0], chunks.Select(c => c.Params.Count));
        Assert.Equal([0, 950, 1000, 51], chunks.Select(c => c.Metrics.Count));
        Assert.Equal(metrics, chunks.SelectMany(c => c.Metrics));
        Assert.Empty(LogBatchChunker.Chunk("run", [], [], []));
    }

    [Fact]
    public void MlModelFile_RoundTrip_KeepsFlavorsSignatureAndQuotedTime()
    {
        var file = MlModelFile.Create("model", "run1", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        file.MlflowVersion = "3.6.0";
        file.Flavors["mlnet"] = new() { ["model_file"] = "model.zip" };
        file.Signature = new MlModelSignature { Inputs = "[{\"name\": \"x\", \"type\": \"double\"}]" };

        var yaml = file.ToYaml();
        var read = MlModelFile.Parse(yaml);

        Assert.Contains("utc_time_created: '2025-01-02 03:04:05.000000'", yaml);
        Assert.Equal("run1", read.RunId);
        Assert.Equal("model.zip", read.Flavors["mlnet"]["model_file"]);
        Assert.Equal(file.Signature.Inputs, read.Signature!.Inputs);
        Assert.Equal(file.ModelUuid, read.ModelUuid);
    }

    [Fact]
    public void MlModelFile_MlflowWrittenYaml_ParsesIgnoringUnknownKeys()
    {
        const string yaml = """
            artifact_path: model
            flavors:
              python_function:
                env:
                  conda: conda.yaml
                loader_module: mlflow.sklearn
              sklearn:
                pickled_model: model.pkl
            mlflow_version: 2.22.0
            model_size_bytes: 1234
            model_uuid: 5f2b
            run_id: abc
            saved_input_example_info: {artifact_path: input_example.json}
            signature:
              inputs: '[{"type": "double", "name": "x"}]'
              outputs: '[{"type": "long"}]'
              params: null
            utc_time_created: '2024-05-01 12:00:00.123456'
            """;

        var read = MlModelFile.Parse(yaml);

        Assert.Equal("mlflow.sklearn", read.Flavors["python_function"]["loader_module"]);
        Assert.Equal(1234, read.ModelSizeBytes);
        Assert.Equal("[{\"type\": \"long\"}]", read.Signature!.Outputs);
        Assert.Equal("2024-05-01 12:00:00.123456", read.UtcTimeCreated);
    }

    [Fact]
    public void WebhookSignature_MatchesMlflowsPythonHmac()
    {
        // Computed with Python: base64(hmac.new(b"whsec-test", f"{id}.{ts}.{payload}".encode(), sha256).digest()).
        const string id = "1f0e7a52-5c9e-4a5e-9d55-0a8c7f3b2e11";
        const string ts = "1767225600";
        const string payload = "{\"entity\": \"model_version_alias\", \"action\": \"created\"}";
        var now = DateTimeOffset.FromUnixTimeSeconds(1767225600 + 60);

        Assert.Equal("v1,n1fCaQ38MK4vED/FJFs8FbCyGBD6MJVlCO5148QEcuM=", MlflowWebhookSignature.Sign("whsec-test", id, ts, payload));
        Assert.True(MlflowWebhookSignature.Verify("whsec-test", id, ts, payload, "v1,n1fCaQ38MK4vED/FJFs8FbCyGBD6MJVlCO5148QEcuM=", now: now));
    }

    [Fact]
    public void WebhookSignature_ADeliveryCapturedFromRealMlflow36_Verifies()
    {
        // Headers and body as a real MLflow 3.6 server sent them (webhook secret "whsec-real", alias "champ" set on "hm").
        const string body = "{\"entity\": \"model_version_alias\", \"action\": \"created\", \"timestamp\": \"2026-11-23T14:27:17.280988+00:00\", \"data\": {\"name\": \"hm\", \"alias\": \"champ\", \"version\": \"1\"}}";

        var valid = MlflowWebhookSignature.Verify("whsec-real", "f417aac3-ecf6-46db-a419-6ef2925ded94", "1795444037", body,
            "v1,ZN1b+QjDiXMJJGU07S15P1qN2cktRiJGxeeZBZtqJw4=", now: DateTimeOffset.FromUnixTimeSeconds(1795444040));

        Assert.True(valid);
    }

    [Theory]
    [InlineData("wrong-secret", "{}", 60)]     // another secret
    [InlineData("whsec-test", "{ }", 60)]      // a changed payload
    [InlineData("whsec-test", "{}", 301)]      // outside the 5-minute window
    [InlineData("whsec-test", "{}", -301)]     // from the future
    public void WebhookSignature_Tampered_IsRefused(string secret, string payload, int ageSeconds)
    {
        var header = MlflowWebhookSignature.Sign("whsec-test", "d1", "1767225600", "{}");

        Assert.False(MlflowWebhookSignature.Verify(secret, "d1", "1767225600", payload, header, now: DateTimeOffset.FromUnixTimeSeconds(1767225600 + ageSeconds)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v2,abc")]
    [InlineData("v1,not-base64!")]
    [InlineData("v1,YWJj")]
    public void WebhookSignature_MalformedHeader_IsRefused(string? header)
    {
        Assert.False(MlflowWebhookSignature.Verify("s", "d1", "1767225600", "{}", header, now: DateTimeOffset.FromUnixTimeSeconds(1767225600)));
    }
}
