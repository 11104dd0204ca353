using System.Globalization;

namespace Bandit.Launcher;

/// <summary>Command-line options of the local launcher; every port can be overridden.</summary>
public sealed record LauncherOptions
{
    public const string Usage = """
        usage: dotnet run --project Launcher -- [options]

        Brings up the whole system without containers: redis-server (when on PATH), the local
        MLflow-compatible registry, the Trainer (to completion), variant-a, variant-b, Router and Ui.
        Ctrl+C stops everything.

          --registry-port N    local registry (default 5000)
          --router-port N      Router (default 8000)
          --ui-port N          Ui (default 8501)
          --variant-a-port N   variant-a (default 8101)
          --variant-b-port N   variant-b (default 8102)
          --redis MODE         auto (start redis-server if on PATH, else in-memory state; default),
                               off (in-memory state), or a connection string of a running Redis
          --tracking-uri URI   use this MLflow server instead of starting the local registry
          --data-dir DIR       registry data, Redis files and logs (default .run under the repo root)
          --admin-key KEY      Router admin key (default: Router__AdminKey from the environment, else a random one, printed)
          --trainer-args "..." extra arguments for the Trainer (e.g. "--seed 7")
          --configuration C    Debug or Release (default Release)
          --no-build           run what is already built
          --health-timeout S   seconds to wait for each /health (default 120)
          -h, --help           this text
        """;

    public int RegistryPort { get; init; } = 5000;
    public int RouterPort { get; init; } = 8000;
    public int UiPort { get; init; } = 8501;
    public int VariantAPort { get; init; } = 8101;
    public int VariantBPort { get; init; } = 8102;
    public string Redis { get; init; } = "auto";
    public string? TrackingUri { get; init; }
    public string? DataDir { get; init; }
    public string? AdminKey { get; init; }
    public string TrainerArgs { get; init; } = "";
    public string Configuration { get; init; } = "Release";
    public bool NoBuild { get; init; }
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Extra environment for every child (tests use it for telemetry and short poll intervals).</summary>
    public IReadOnlyDictionary<string, string> ExtraEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> with a readable message.</summary>
    public static LauncherOptions Parse(IReadOnlyList<string> args)
    {
        var o = new LauncherOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Port() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536
                ? p : throw new ArgumentException($"{name} takes a port number from 1 to 65535");

            o = name switch
            {
                "--registry-port" => o with { RegistryPort = Port() },
                "--router-port" => o with { RouterPort = Port() },
                "--ui-port" => o with { UiPort = Port() },
                "--variant-a-port" => o with { VariantAPort = Port() },
                "--variant-b-port" => o with { VariantBPort = Port() },
                "--redis" => o with { Redis = Value() },
                "--tracking-uri" => o with { TrackingUri = Value() },
                "--data-dir" => o with { DataDir = Value() },
                "--admin-key" => o with { AdminKey = Value() },
                "--trainer-args" => o with { TrainerArgs = Value() },
                "--configuration" or "-c" => o with { Configuration = Value() is var c && c is "Debug" or "Release" ? c : throw new ArgumentException("--configuration is Debug or Release") },
                "--no-build" => o with { NoBuild = true },
                "--health-timeout" => o with { HealthTimeout = TimeSpan.FromSeconds(int.TryParse(Value(), CultureInfo.InvariantCulture, out var s) && s > 0 ? s : throw new ArgumentException("--health-timeout takes a positive number of seconds")) },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        var ports = new[] { o.RegistryPort, o.RouterPort, o.UiPort, o.VariantAPort, o.VariantBPort };
        if (ports.Distinct().Count() != ports.Length)
        {
            throw new ArgumentException("every service needs its own port");
        }

        return o;
    }
}
