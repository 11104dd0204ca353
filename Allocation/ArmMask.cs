using System.Numerics;

namespace Bandit.Allocation;

/// <summary>A set of arm indices (0–63) as a bit mask: which arms are unavailable for a decision.</summary>
public readonly record struct ArmMask(ulong Bits)
{
    /// <summary>The number of arms a mask can name.</summary>
    public const int Capacity = 64;

    public static ArmMask None => default;

    public bool IsEmpty => Bits == 0;

    public int Count => BitOperations.PopCount(Bits);

    public bool Contains(int armIndex) => (uint)armIndex < Capacity && (Bits & (1UL << armIndex)) != 0;

    public ArmMask With(int armIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(armIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(armIndex, Capacity);
        return new(Bits | (1UL << armIndex));
    }

    public static ArmMask Of(params ReadOnlySpan<int> armIndices)
    {
        var mask = None;
        foreach (var index in armIndices)
        {
            mask = mask.With(index);
        }

        return mask;
    }

    public override string ToString() => $"ArmMask(0x{Bits:x})";
}
