using System.Net.Sockets;
using System.Security.Cryptography;

namespace Bandit.Launcher;

/// <summary>
/// Starts the whole system as child processes, in dependency order, with the configuration keys the
/// Aspire AppHost sets (DESIGN.md): redis, the registry (mlflow), trainer (to completion), variant-a,
/// variant-b, router, ui. Each web service is waited on at <c>/health</c> before the next starts.
/// </summary>
public sealed partial class SystemLauncher : IAsyncDisposable
{
    private readonly LauncherOptions _options;
    private readonly List<ChildProcess> _children = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Dictionary<string, string> _healthUrls = [];
    private int _redisPort;

    public SystemLauncher(LauncherOptions options)
    {
        _options = options;
        RepoRoot = FindRepoRoot();
        DataDir = Path.GetFullPath(options.DataDir ?? Path.Combine(RepoRoot, ".run"));
        AdminKey = options.AdminKey
            ?? System.Environment.GetEnvironmentVariable("Router__AdminKey")
            ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    }

    public string RepoRoot { get; }

    public string DataDir { get; }

    public string AdminKey { get; }

    public string TrackingUri => _options.TrackingUri ?? Url(_options.RegistryPort);

    public string RouterUrl => Url(_options.RouterPort);

    public string UiUrl => Url(_options.UiPort);

    public string VariantAUrl => Url(_options.VariantAPort);

    public string VariantBUrl => Url(_options.VariantBPort);

    /// <summary>The Redis connection string the Router got, or null for in-memory state.</summary>
    public string? RedisConnectionString { get; private set; }

    /// <summary>The running children by resource name.</summary>
    public IReadOnlyList<ChildProcess> Children => _children;

    private static string Url(int port) => $"http://127.0.0.1:{port}";

    /// <summary>Builds (unless told not to) and starts everything; throws <see cref="LaunchException"/> on the first failure.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDir);
        if (!_options.NoBuild)
        {
            await BuildAsync(cancellationToken);
        }

        await StartRedisAsync(cancellationToken);

        if (_options.TrackingUri is null)
        {
            var registry = StartService("mlflow", "Registry", "Bandit.Registry", _options.RegistryPort, new()
            {
                ["Registry__DataDir"] = Path.Combine(DataDir, "mlflow-data"),
            });
            await WaitHealthyAsync(registry, TrackingUri, cancellationToken);
        }

        await RunTrainerAsync(_options.TrainerArgs, cancellationToken);

        var variantA = StartVariant("variant-a", "PolicyA", _options.VariantAPort);
        var variantB = StartVariant("variant-b", "PolicyB", _options.VariantBPort);
        await Task.WhenAll(
            WaitHealthyAsync(variantA, VariantAUrl, cancellationToken),
            WaitHealthyAsync(variantB, VariantBUrl, cancellationToken));

        var routerEnv = new Dictionary<string, string?>
        {
            ["services__variant-a__http__0"] = VariantAUrl,
            ["services__variant-b__http__0"] = VariantBUrl,
            ["Router__AdminKey"] = AdminKey,

            // The outage log belongs with this system's Redis: in the temp default, another system's Router could adopt it.
            ["Router__OutageLogPath"] = Path.Combine(DataDir, "router-outage"),
        };
        if (RedisConnectionString is not null)
        {
            routerEnv["ConnectionStrings__redis"] = RedisConnectionString;
        }

        var router = StartService("router", "Router", "Bandit.Router", _options.RouterPort, routerEnv);
        await WaitHealthyAsync(router, RouterUrl, cancellationToken);

        var ui = StartService("ui", "Ui", "Bandit.Ui", _options.UiPort, new()
        {
            ["services__router__http__0"] = RouterUrl,
            ["Router__AdminKey"] = AdminKey,
        });
        await WaitHealthyAsync(ui, UiUrl, cancellationToken);
    }

    /// <summary>Completes when any child exits (a failure: services run until stopped) and returns it.</summary>
    public async Task<ChildProcess> WaitForAnyExitAsync(CancellationToken cancellationToken)
    {
        var exited = await Task.WhenAny(_children.Select(c => c.Exited)).WaitAsync(cancellationToken);
        return _children.First(c => c.Exited == exited);
    }

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        Say($"building the services ({_options.Configuration}); the first build takes a minute or two");
        var build = ChildProcess.Start("build", DotnetHost, ["build", Path.Combine(RepoRoot, "Launcher", "services.slnf"), "-c", _options.Configuration, "-nologo", "-v", "q", "-clp:ErrorsOnly"],
            RepoRoot, new Dictionary<string, string?>(), Path.Combine(DataDir, "logs", "build.log"));
        var code = await build.Exited.WaitAsync(cancellationToken);
        await build.DisposeAsync();
        if (code != 0)
        {
            throw new LaunchException($"the build failed (exit {code}); see {Path.Combine(DataDir, "logs", "build.log")}");
        }
    }

    private async Task StartRedisAsync(CancellationToken cancellationToken)
    {
        switch (_options.Redis)
        {
            case "off":
                Say("Redis: off; the Router keeps its state in memory");
                return;
            case "auto":
                break;
            default:
                RedisConnectionString = _options.Redis;
                Say($"Redis: using {_options.Redis}");
                return;
        }

        var redisServer = FindOnPath("redis-server");
        if (redisServer is null)
        {
            Say("Redis: redis-server is not on PATH; the Router keeps its state in memory (apt-get install redis-server for shared state)");
            return;
        }

        var port = FreePort();
        var dir = Path.Combine(DataDir, "redis");
        Directory.CreateDirectory(dir);
        var redis = Track(ChildProcess.Start("redis", redisServer,
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes"],
            dir, new Dictionary<string, string?>(), Path.Combine(DataDir, "logs", "redis.log")));

        await WaitRedisAsync(redis, port, cancellationToken);
        _redisPort = port;
        RedisConnectionString = $"127.0.0.1:{port}";
    }

    private async Task WaitRedisAsync(ChildProcess redis, int port, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.HealthTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (redis.Exited.IsCompleted)
            {
                throw new LaunchException($"redis-server exited at start:{System.Environment.NewLine}{redis.Tail}");
            }

            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary>Runs the Trainer to completion against this system's MLflow; throws <see cref="LaunchException"/> when it fails.</summary>
    public async Task RunTrainerAsync(string trainerArgs, CancellationToken cancellationToken)
    {
        var args = new List<string> { Path.Combine(OutputDir("Trainer"), "Bandit.Trainer.dll"), "--tracking-uri", TrackingUri };
        args.AddRange(trainerArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var trainer = Track(ChildProcess.Start("trainer", DotnetHost, args, Path.Combine(RepoRoot, "Trainer"),
            ChildEnvironment("trainer", new()), Path.Combine(DataDir, "logs", "trainer.log")));
        var code = await trainer.Exited.WaitAsync(cancellationToken);
        _children.Remove(trainer);
        await trainer.DisposeAsync();
        if (code != 0)
        {
            throw new LaunchException($"the Trainer failed with exit code {code}");
        }
    }

    private ChildProcess StartVariant(string name, string alias, int port) =>
        StartService(name, "Variants", "Bandit.Variants", port, new() { ["Variant__Alias"] = alias });

    private ChildProcess StartService(string name, string folder, string assembly, int port, Dictionary<string, string?> environment)
    {
        var dll = Path.Combine(OutputDir(folder), assembly + ".dll");
        if (!File.Exists(dll))
        {
            throw new LaunchException($"{name}: {dll} does not exist; build it (drop --no-build, or check --configuration)");
        }

        _healthUrls[name] = Url(port);
        return Track(ChildProcess.Start(name, DotnetHost, [dll, "--urls", Url(port)], Path.Combine(RepoRoot, folder),
            ChildEnvironment(name, environment), Path.Combine(DataDir, "logs", name + ".log")));
    }

    private Dictionary<string, string?> ChildEnvironment(string name, Dictionary<string, string?> environment)
    {
        environment["MLFLOW_TRACKING_URI"] = TrackingUri;
        environment["OTEL_SERVICE_NAME"] = name;
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in _options.ExtraEnvironment)
        {
            environment[key] = value;
        }

        return environment;
    }

    private async Task WaitHealthyAsync(ChildProcess child, string baseUrl, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.HealthTimeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (child.Exited.IsCompleted)
            {
                throw new LaunchException($"{child.Name} exited with code {child.Exited.Result} before it was healthy");
            }

            try
            {
                using var response = await _http.GetAsync(baseUrl + "/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    Say($"{child.Name} is healthy at {baseUrl}");
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new LaunchException($"{child.Name} was not healthy at {baseUrl}/health within {_options.HealthTimeout.TotalSeconds:F0} s");
    }

    private ChildProcess Track(ChildProcess child)
    {
        _children.Add(child);
        return child;
    }

    private string OutputDir(string folder) => Path.Combine(RepoRoot, folder, "bin", _options.Configuration, "net10.0");

    private static string DotnetHost => System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static void Say(string line) => ChildProcess.Write("launcher", line, ConsoleColor.White);

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Bandit.Aspire.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new LaunchException("cannot find the repository root (the folder holding Bandit.Aspire.sln); run the launcher from inside the repository");
    }

    /// <summary>Stops every child, newest first.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _children.Count - 1; i >= 0; i--)
        {
            await _children[i].DisposeAsync();
        }

        _children.Clear();
        _http.Dispose();
    }
}

/// <summary>A start-up failure with a message meant for the person who ran the launcher.</summary>
public sealed class LaunchException(string message) : Exception(message);
