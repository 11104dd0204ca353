using Bandit.Allocation;
using Bandit.Router.Common;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;

namespace Bandit.Router.Experiment;

/// <summary>
/// Holds the <see cref="LiveConfig"/> every request reads (swapped atomically, never locked on the hot path) and
/// applies new configs: a strategy or weight change takes effect at the next decision; a new arm set is a new
/// experiment key (its own Redis keys, so posteriors never mix) and new YARP routes and clusters.
/// </summary>
public sealed class LiveExperiment
{
    private readonly ArmProxyConfig _proxy;
    private readonly IProxyStateLookup _lookup;
    private readonly RouterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveExperiment> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LiveConfig _current;

    public LiveExperiment(ArmProxyConfig proxy, IProxyStateLookup lookup, IOptions<RouterOptions> options, TimeProvider time, ILogger<LiveExperiment> logger)
    {
        _proxy = proxy;
        _lookup = lookup;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var embedded = proxy.EmbeddedConfig;
        _current = new LiveConfig(embedded, LiveConfig.EmbeddedVersion, LiveConfig.EmbeddedVersion, time.GetUtcNow(), new ArmTrafficWindow(embedded.Arms.Count, _options.TrafficWindow));
    }

    public LiveConfig Current => Volatile.Read(ref _current);

    /// <summary>
    /// Makes <paramref name="config"/> live. Returns false when it is already live (same version and content).
    /// Throws <see cref="ArgumentException"/> for an invalid config, which is never applied.
    /// </summary>
    public async Task<bool> ApplyAsync(RouterConfig config, string version, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = ServableConfig.Errors(config);
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid router config: " + string.Join(" ", errors), nameof(config));
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var old = Current;
            if (old.Version == version && old.Source == source && old.Config.Equals(config))
            {
                return false;
            }

            var sameExperiment = old.ExperimentKey == config.ExperimentKey;
            if (!sameExperiment)
            {
                _proxy.Apply(config);
                await WaitForRoutesAsync(config, cancellationToken).ConfigureAwait(false);
            }

            var window = sameExperiment ? old.Window : new ArmTrafficWindow(config.Arms.Count, _options.TrafficWindow);
            var next = new LiveConfig(config, version, source, _time.GetUtcNow(), window);
            Volatile.Write(ref _current, next);
            RouterLog.ConfigApplied(_logger, version, source, next.Strategy.Name, next.ExperimentKey, old.Version, old.ExperimentKey);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>YARP applies a new config asynchronously; decisions for an arm whose cluster is missing would fail.</summary>
    private async Task WaitForRoutesAsync(RouterConfig config, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(5);
        while (!config.Arms.All(a => _lookup.TryGetCluster(ArmProxyConfig.ClusterId(a.Name), out _)))
        {
            if (_time.GetUtcNow() > deadline)
            {
                RouterLog.RoutesNotReady(_logger, config.ExperimentKey);
                return;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }
}
