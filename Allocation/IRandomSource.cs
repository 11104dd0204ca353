using System.Security.Cryptography;

namespace Bandit.Allocation;

/// <summary>
/// Randomness for decisions, injected so tests are deterministic. Implementations must be safe to use from
/// many threads at once.
/// </summary>
public interface IRandomSource
{
    /// <summary>The generator to draw from on the calling thread (MathNet samplers take a <see cref="Random"/>).</summary>
    Random Current { get; }

    /// <summary>Fills <paramref name="destination"/> with bytes for identifiers (production: unpredictable).</summary>
    void FillIdBytes(Span<byte> destination);
}

/// <summary>
/// The production source: <see cref="Random.Shared"/> (thread-safe, a generator per thread) for draws and
/// the cryptographic generator for identifiers, so decision ids cannot be guessed. Identifier bytes are taken
/// from a per-thread block of 1 KiB refilled by <see cref="RandomNumberGenerator"/>, which spreads the cost of
/// one call over 64 decision ids; every byte is used once.
/// </summary>
public sealed class SharedRandomSource : IRandomSource
{
    private const int BlockSize = 1024;

    [ThreadStatic]
    private static byte[]? _block;

    [ThreadStatic]
    private static int _used;

    public static SharedRandomSource Instance { get; } = new();

    public Random Current => Random.Shared;

    public void FillIdBytes(Span<byte> destination)
    {
        if (destination.Length > BlockSize / 4)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        var block = _block ??= new byte[BlockSize];
        if (_used == 0 || _used + destination.Length > BlockSize)
        {
            RandomNumberGenerator.Fill(block);
            _used = 0;
        }

        var fresh = block.AsSpan(_used, destination.Length);
        fresh.CopyTo(destination);
        fresh.Clear();
        _used += destination.Length;
    }
}

/// <summary>
/// A seeded source for tests and the replay simulator: the same seed gives the same draws when used from one
/// thread. Calls are serialised by a lock, so concurrent use is safe (but then the order is not reproducible).
/// Its identifiers are predictable: never use it for real decision ids.
/// </summary>
public sealed class SeededRandomSource(int seed) : IRandomSource
{
    private readonly LockedRandom _random = new(seed);

    public Random Current => _random;

    public void FillIdBytes(Span<byte> destination) => _random.NextBytes(destination);

    /// <summary>A <see cref="Random"/> whose every entry point takes a lock around one seeded inner generator.</summary>
    private sealed class LockedRandom(int seed) : Random
    {
        private readonly Random _inner = new(seed);
        private readonly Lock _lock = new();

        public override int Next() { lock (_lock) { return _inner.Next(); } }

        public override int Next(int maxValue) { lock (_lock) { return _inner.Next(maxValue); } }

        public override int Next(int minValue, int maxValue) { lock (_lock) { return _inner.Next(minValue, maxValue); } }

        public override long NextInt64() { lock (_lock) { return _inner.NextInt64(); } }

        public override long NextInt64(long maxValue) { lock (_lock) { return _inner.NextInt64(maxValue); } }

        public override long NextInt64(long minValue, long maxValue) { lock (_lock) { return _inner.NextInt64(minValue, maxValue); } }

        public override double NextDouble() { lock (_lock) { return _inner.NextDouble(); } }

        public override float NextSingle() { lock (_lock) { return _inner.NextSingle(); } }

        public override void NextBytes(byte[] buffer) { lock (_lock) { _inner.NextBytes(buffer); } }

        public override void NextBytes(Span<byte> buffer) { lock (_lock) { _inner.NextBytes(buffer); } }

        protected override double Sample() { lock (_lock) { return _inner.NextDouble(); } }
    }
}
