using System.Collections.Concurrent;
using Bandit.Allocation;
using Bandit.Router.Common;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;

namespace Bandit.Router.Experiment;

/// <summary>
/// Which arms can take a decision now. An arm is skipped while its variant is marked failed (for
/// <c>Router:UnhealthyFor</c> after a connect error, timeout or 5xx) or while its YARP cluster has no destination (no
/// address at all). The one source of arm health: YARP's passive health checks are off. After the period the arm is tried again:
/// one success clears it, one more failure marks it again.
/// </summary>
public sealed class ArmHealth(IProxyStateLookup lookup, IOptions<RouterOptions> options, TimeProvider time)
{
    private readonly IProxyStateLookup _lookup = lookup;
    private readonly TimeSpan _unhealthyFor = options.Value.UnhealthyFor;
    private readonly TimeProvider _time = time;
    private readonly ConcurrentDictionary<string, long> _unhealthyUntil = new(StringComparer.Ordinal);

    public void MarkFailed(string arm) => _unhealthyUntil[arm] = _time.GetTimestamp() + (long)(_unhealthyFor.TotalSeconds * _time.TimestampFrequency);

    public void MarkSucceeded(string arm) => _unhealthyUntil.TryRemove(arm, out _);

    public bool IsHealthy(string arm) => !IsMarked(arm) && HasDestination(arm);

    /// <summary>The arms of <paramref name="live"/> that must not be chosen now.</summary>
    public ArmMask Unavailable(LiveConfig live)
    {
        var mask = ArmMask.None;
        for (var i = 0; i < live.ArmNames.Count; i++)
        {
            if (!IsHealthy(live.ArmNames[i]))
            {
                mask = mask.With(i);
            }
        }

        return mask;
    }

    // TryGetValue and TryRemove are lock-free reads when the key is absent (IsEmpty would take every lock).
    private bool IsMarked(string arm) => _unhealthyUntil.TryGetValue(arm, out var until) && _time.GetTimestamp() < until;

    private bool HasDestination(string arm) =>
        _lookup.TryGetCluster(ArmProxyConfig.ClusterId(arm), out var cluster) && cluster.DestinationsState.AvailableDestinations.Count > 0;
}
