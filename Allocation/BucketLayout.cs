using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Bandit.Allocation;

/// <summary>
/// The hash split: user → bucket = XxHash64(UTF-8(salt + ":" + userKey), seed 0) mod 10,000, and contiguous
/// bucket ranges per arm in arm order. Arm i ends at round(10,000 · (w_0 + … + w_i) / Σw) (midpoints away from
/// zero), so every bucket is assigned, each arm holds round(w_i/Σw·10,000) ± 1 buckets, a weight of 0 holds none,
/// and moving weight between neighbours only moves the buckets between their old and new boundary.
/// </summary>
public sealed class BucketLayout
{
    public const int BucketCount = 10_000;

    private const int StackLimit = 512;

    private readonly byte[] _prefix;
    private readonly int[] _end;

    private BucketLayout(string salt, int[] end)
    {
        Salt = salt;
        _prefix = Encoding.UTF8.GetBytes(salt + ":");
        _end = end;
    }

    public string Salt { get; }

    public int ArmCount => _end.Length;

    public static BucketLayout From(RouterConfig config) => From(config.Salt, [.. config.Arms.Select(a => a.Weight)]);

    /// <summary>A layout for weights that are finite, non-negative and not all zero.</summary>
    public static BucketLayout From(string salt, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(salt);
        var total = weights.Sum();
        if (weights.Count == 0 || weights.Any(w => !double.IsFinite(w) || w < 0) || !(total > 0))
        {
            throw new ArgumentException("weights must be finite, >= 0 and not all zero.", nameof(weights));
        }

        var end = new int[weights.Count];
        var cumulative = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            cumulative += weights[i];
            end[i] = i == weights.Count - 1
                ? BucketCount
                : (int)Math.Round(BucketCount * cumulative / total, MidpointRounding.AwayFromZero);
        }

        return new BucketLayout(salt, end);
    }

    /// <summary>First bucket of the arm's range.</summary>
    public int Start(int arm) => arm == 0 ? 0 : _end[arm - 1];

    /// <summary>How many buckets the arm holds.</summary>
    public int Count(int arm) => _end[arm] - Start(arm);

    /// <summary>The arm whose range holds the bucket.</summary>
    public int ArmOf(int bucket)
    {
        for (var i = 0; i < _end.Length; i++)
        {
            if (bucket < _end[i])
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(bucket), bucket, $"a bucket is in [0, {BucketCount}).");
    }

    /// <summary>The 64-bit XxHash64 of salt + ":" + userKey in UTF-8.</summary>
    public ulong Hash(string userKey)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        var length = _prefix.Length + Encoding.UTF8.GetMaxByteCount(userKey.Length);
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            _prefix.CopyTo(buffer);
            var written = _prefix.Length + Encoding.UTF8.GetBytes(userKey, buffer[_prefix.Length..]);
            return XxHash64.HashToUInt64(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The user's bucket in [0, 10,000): stable across processes, machines and .NET versions.</summary>
    public int Bucket(string userKey) => (int)(Hash(userKey) % BucketCount);

    /// <summary>The bucket of a (salt, user) pair, without a layout.</summary>
    public static int Bucket(string salt, string userKey) => From(salt, [1.0]).Bucket(userKey);
}
