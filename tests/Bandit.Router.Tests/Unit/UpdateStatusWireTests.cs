using System.Text.Json;
using Bandit.Router.Rewards;

namespace Bandit.Router.Tests.Unit;

/// <summary>The <c>/update</c> statuses are an enum in code but stay the same lower-case strings on the wire and in metrics.</summary>
public sealed class UpdateStatusWireTests
{
    [Theory]
    [InlineData(UpdateStatus.Recorded, "recorded")]
    [InlineData(UpdateStatus.Duplicate, "duplicate")]
    [InlineData(UpdateStatus.Stale, "stale")]
    [InlineData(UpdateStatus.Unknown, "unknown")]
    [InlineData(UpdateStatus.Invalid, "invalid")]
    [InlineData(UpdateStatus.Buffered, "buffered")]
    public void Status_SerialisesAsTodaysString(UpdateStatus status, string wire)
    {
        var json = JsonSerializer.Serialize(new UpdateResult("id", "A", status), new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal(wire, JsonDocument.Parse(json).RootElement.GetProperty("status").GetString());
        Assert.Equal(wire, status.Wire());
        Assert.Equal(status, JsonSerializer.Deserialize<UpdateResult>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!.Status);
    }
}
