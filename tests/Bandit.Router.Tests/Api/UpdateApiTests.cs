using System.Net;
using System.Text;
using Bandit.Allocation;
using Bandit.Router.Tests.Support;

namespace Bandit.Router.Tests.Api;

public sealed class UpdateApiTests(InMemoryRouterFixture fixture) : IClassFixture<InMemoryRouterFixture>
{
    [Fact]
    public async Task Update_Valid_IsRecordedOnTheDecisionsArm()
    {
        var choice = await fixture.Client.ChooseAsync(11);
        var before = await fixture.Client.ArmStatsAsync(choice.Arm);

        var (status, body) = await fixture.Client.UpdateAsync(choice.DecisionId, 1.0);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("recorded", body!.Value.GetProperty("status").GetString());
        Assert.Equal(choice.Arm, body.Value.GetProperty("arm").GetString());
        Assert.Equal(choice.DecisionId, body.Value.GetProperty("decisionId").GetString());
        var after = await fixture.Client.ArmStatsAsync(choice.Arm);
        Assert.Equal(before.GetProperty("updates").GetInt64() + 1, after.GetProperty("updates").GetInt64());
        Assert.Equal(before.GetProperty("rewards").GetDouble() + 1, after.GetProperty("rewards").GetDouble(), 9);
    }

    [Fact]
    public async Task Update_Duplicate_SaysSoAndChangesNothing()
    {
        var choice = await fixture.Client.ChooseAsync(12);
        await fixture.Client.UpdateAsync(choice.DecisionId, 1.0);
        var before = await fixture.Client.ArmStatsAsync(choice.Arm);

        var (status, body) = await fixture.Client.UpdateAsync(choice.DecisionId, 0.0);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("duplicate", body!.Value.GetProperty("status").GetString());
        var after = await fixture.Client.ArmStatsAsync(choice.Arm);
        Assert.Equal(before.GetProperty("updates").GetInt64(), after.GetProperty("updates").GetInt64());
        Assert.Equal(before.GetProperty("rewards").GetDouble(), after.GetProperty("rewards").GetDouble());
    }

    [Fact]
    public async Task Update_ForgedOrAlteredIds_Are404AndChangeNothing()
    {
        var choice = await fixture.Client.ChooseAsync(13);
        var otherArm = fixture.Config.Arms.Single(a => a.Name != choice.Arm).Name;
        var forgedWithOtherKey = DecisionToken.Create(Encoding.UTF8.GetBytes("not-the-router-secret-0123456789"), fixture.Config.ExperimentKey, otherArm, 0.5, DateTimeOffset.UtcNow, SharedRandomSource.Instance);
        var altered = AlterArm(choice.DecisionId, choice.Arm, otherArm);
        var statsBefore = await fixture.Client.GetJsonAsync("stats");

        foreach (var id in new[] { forgedWithOtherKey, altered, "abc", choice.DecisionId + "x", choice.DecisionId.Split('.')[0] })
        {
            var (status, body) = await fixture.Client.UpdateAsync(id, 1.0);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal(404, body!.Value.GetProperty("status").GetInt32());
        }

        var statsAfter = await fixture.Client.GetJsonAsync("stats");
        Assert.Equal(Updates(statsBefore), Updates(statsAfter));

        // The genuine id is still rewardable once.
        Assert.Equal("recorded", (await fixture.Client.UpdateAsync(choice.DecisionId, 1.0)).Body!.Value.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("42")]
    [InlineData("\"x\"")]
    [InlineData("{}")]
    [InlineData("{\"decisionId\":5,\"reward\":1}")]
    [InlineData("{\"decisionId\":\"DECISION\"}")]
    [InlineData("{\"decisionId\":\"DECISION\",\"reward\":\"1\"}")]
    [InlineData("{\"decisionId\":\"DECISION\",\"reward\":\"NaN\"}")]
    [InlineData("{\"decisionId\":\"DECISION\",\"reward\":-0.01}")]
    [InlineData("{\"decisionId\":\"DECISION\",\"reward\":1.5}")]
    [InlineData("{\"decisionId\":\"DECISION\",\"reward\":1e400}")]
    [InlineData("{\"decisionId\":\"DECISION\",\"reward\":null}")]
    public async Task Update_BadInput_Is400ProblemDetailsAndChangesNothing(string template)
    {
        var choice = await fixture.Client.ChooseAsync(14);
        var before = await fixture.Client.ArmStatsAsync(choice.Arm);

        var (status, json, contentType) = await fixture.Client.PostRawAsync("update", template.Replace("DECISION", choice.DecisionId, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(400, json!.Value.GetProperty("status").GetInt32());
        var after = await fixture.Client.ArmStatsAsync(choice.Arm);
        Assert.Equal(before.GetProperty("updates").GetInt64(), after.GetProperty("updates").GetInt64());
    }

    [Fact]
    public async Task Update_Batch_AnswersEachElement()
    {
        var first = await fixture.Client.ChooseAsync(15);
        var second = await fixture.Client.ChooseAsync(16);

        var results = await fixture.Client.UpdateBatchAsync([(first.DecisionId, 1.0), ("forged.id", 1.0), (second.DecisionId, 7.0), (second.DecisionId, 0.0), (first.DecisionId, 1.0)]);

        Assert.Equal(["recorded", "unknown", "invalid", "recorded", "duplicate"], results.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(first.Arm, results[0].GetProperty("arm").GetString());
        Assert.Equal("forged.id", results[1].GetProperty("decisionId").GetString());
    }

    [Fact]
    public async Task Update_BatchOverTheLimit_Is400()
    {
        var body = "[" + string.Join(",", Enumerable.Repeat("{\"decisionId\":\"x\",\"reward\":1}", 1001)) + "]";

        var (status, json, _) = await fixture.Client.PostRawAsync("update", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("1000", json!.Value.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Update_BatchWithNonObjects_MarksThemInvalid()
    {
        var results = await fixture.Client.PostRawAsync("update", "[1, \"x\", null, {\"decisionId\": \"y\"}]");

        Assert.Equal(HttpStatusCode.OK, results.Status);
        Assert.All(results.Body!.Value.EnumerateArray(), r => Assert.Equal("invalid", r.GetProperty("status").GetString()));
    }

    private static long Updates(System.Text.Json.JsonElement stats) => stats.GetProperty("arms").EnumerateArray().Sum(a => a.GetProperty("updates").GetInt64());

    /// <summary>Re-encodes the token's payload with another arm name of the same length, keeping the signature.</summary>
    private static string AlterArm(string token, string arm, string otherArm)
    {
        var parts = token.Split('.');
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]);
        var text = Encoding.Latin1.GetString(payload).Replace(arm, otherArm, StringComparison.Ordinal);
        Assert.Equal(arm.Length, otherArm.Length);
        return System.Buffers.Text.Base64Url.EncodeToString(Encoding.Latin1.GetBytes(text)) + "." + parts[1];
    }
}
