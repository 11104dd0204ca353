using Bandit.Allocation;

namespace Bandit.Router.Tests.Support;

/// <summary>Configuration keys of a test Router instance, as the AppHost would set them.</summary>
public sealed class RouterSettings
{
    private readonly Dictionary<string, string?> _values = new()
    {
        ["Router:PosteriorCacheTtl"] = "00:00:00.020",
        ["Router:ExportInterval"] = "00:00:00",
        ["Router:UnhealthyFor"] = "00:00:01",

        // Each Router test instance its own outage log folder (a restart with the same settings finds it again).
        ["Router:OutageLogPath"] = Path.Combine(Path.GetTempPath(), "bandit-router-tests", Guid.NewGuid().ToString("N")),
    };

    public RouterSettings WithVariants(FakeVariant a, FakeVariant b)
    {
        _values["services:variant-a:http:0"] = a.Address;
        _values["services:variant-b:http:0"] = b.Address;
        return this;
    }

    /// <summary>The variants in arm order as <c>variant-a</c>, <c>variant-b</c>, <c>variant-c</c>, … (<see cref="TestConfigs.Arms"/>).</summary>
    public RouterSettings WithVariants(IReadOnlyList<FakeVariant> variants)
    {
        for (var i = 0; i < variants.Count; i++)
        {
            _values[$"services:variant-{(char)('a' + i)}:http:0"] = variants[i].Address;
        }

        return this;
    }

    public RouterSettings WithRedis(string connectionString) => Set("ConnectionStrings:redis", connectionString);

    public RouterSettings WithConfig(RouterConfig config) => Set("Router:EmbeddedConfig", config.ToJson());

    public RouterSettings Set(string key, string? value)
    {
        _values[key] = value;
        return this;
    }

    public IReadOnlyDictionary<string, string?> Values => _values;
}
