namespace Bandit.Allocation;

/// <summary>
/// Traffic share over the last N decisions (for <c>GET /stats</c>): a lock-free ring buffer of arm indices.
/// <see cref="Record"/> may be called from many threads at once; <see cref="Shares"/> reads without stopping
/// writers, so under load it is a consistent-enough sample of the last N, not an atomic cut.
/// </summary>
public sealed class ArmTrafficWindow
{
    private readonly int[] _slots;
    private readonly int _armCount;
    private long _recorded;

    public ArmTrafficWindow(int armCount, int capacity = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(armCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _armCount = armCount;
        _slots = new int[capacity];
        Array.Fill(_slots, -1);
    }

    public int Capacity => _slots.Length;

    /// <summary>Decisions recorded since creation (not only those still in the window).</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    public void Record(int armIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(armIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(armIndex, _armCount);
        var position = Interlocked.Increment(ref _recorded) - 1;
        Volatile.Write(ref _slots[position % _slots.Length], armIndex);
    }

    /// <summary>Per arm, its fraction of the decisions in the window; all zeros before the first one.</summary>
    public double[] Shares()
    {
        var counts = new long[_armCount];
        var total = 0L;
        for (var i = 0; i < _slots.Length; i++)
        {
            var arm = Volatile.Read(ref _slots[i]);
            if (arm >= 0)
            {
                counts[arm]++;
                total++;
            }
        }

        return [.. counts.Select(c => total == 0 ? 0.0 : (double)c / total)];
    }
}
