using System.Buffers.Text;
using System.Text;
using Bandit.Allocation;

namespace Bandit.Allocation.Tests;

public sealed class DecisionTokenTests
{
    private static readonly byte[] _secret = Encoding.UTF8.GetBytes("a-32-byte-test-secret-0123456789");
    private static readonly byte[] _otherSecret = Encoding.UTF8.GetBytes("another-secret-of-32-bytes-abcde");
    private static readonly DateTimeOffset _issued = new(2026, 11, 23, 13, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Create_ThenTryParse_RoundTripsTheClaims()
    {
        var token = DecisionToken.Create(_secret, "0123456789abcdef", "PolicyB", 0.8125, _issued, new SeededRandomSource(1));

        var ok = DecisionToken.TryParse(_secret, token, out var claims, out var error);

        Assert.True(ok, error);
        Assert.Equal(("0123456789abcdef", "PolicyB", 0.8125, _issued), (claims!.ExperimentKey, claims.Arm, claims.Propensity, claims.IssuedAt));
        Assert.Matches("^[0-9a-f]{32}$", claims.Id);
        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}$", token); // URL-safe, no padding
    }

    [Fact]
    public void TryParse_AnySingleCharacterChanged_Rejected()
    {
        var token = DecisionToken.Create(_secret, "0123456789abcdef", "PolicyA", 0.5, _issued, new SeededRandomSource(2));
        var accepted = new List<string>();

        for (var i = 0; i < token.Length; i++)
        {
            foreach (var c in "AQgw_-.9= ")
            {
                if (c == token[i])
                {
                    continue;
                }

                var altered = string.Concat(token.AsSpan(0, i), c.ToString(), token.AsSpan(i + 1));
                if (DecisionToken.TryParse(_secret, altered, out _, out _))
                {
                    accepted.Add(altered);
                }
            }
        }

        Assert.Empty(accepted);
    }

    [Fact]
    public void TryParse_OtherSecret_Rejected()
    {
        var token = DecisionToken.Create(_secret, "k", "PolicyA", 0.5, _issued, new SeededRandomSource(3));
        var resigned = DecisionToken.Create(_otherSecret, "k", "PolicyA", 0.5, _issued, new SeededRandomSource(3));

        Assert.False(DecisionToken.TryParse(_otherSecret, token, out _, out var error));
        Assert.False(DecisionToken.TryParse(_secret, resigned, out _, out _));
        Assert.Equal("decision id signature is invalid.", error);
    }

    [Theory]
    [InlineData("PolicyA", "PolicyB")]
    [InlineData("0123456789abcdef", "fedcba9876543210")]
    public void TryParse_PayloadEditedWithoutResigning_Rejected(string original, string replacement)
    {
        var token = DecisionToken.Create(_secret, "0123456789abcdef", "PolicyA", 0.5, _issued, new SeededRandomSource(4));
        var parts = token.Split('.');
        var payload = Base64Url.DecodeFromChars(parts[0]);
        var edited = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(payload).Replace(original, replacement));
        var forged = Base64Url.EncodeToString(edited) + "." + parts[1];

        Assert.NotEqual(payload, edited);
        Assert.False(DecisionToken.TryParse(_secret, forged, out var claims, out var error));
        Assert.Null(claims);
        Assert.Equal("decision id signature is invalid.", error);
    }

    [Fact]
    public void TryParse_PropensityEditedWithoutResigning_Rejected()
    {
        var token = DecisionToken.Create(_secret, "k", "PolicyA", 0.5, _issued, new SeededRandomSource(5));
        var parts = token.Split('.');
        var payload = Base64Url.DecodeFromChars(parts[0]);
        payload[25] ^= 0x01; // the propensity's first byte (after version, id and issued-at)

        Assert.False(DecisionToken.TryParse(_secret, Base64Url.EncodeToString(payload) + "." + parts[1], out _, out _));
    }

    [Fact]
    public void Create_HundredThousandTokens_AllDistinct()
    {
        var ids = new HashSet<string>();
        var tokens = new HashSet<string>();

        for (var i = 0; i < 100_000; i++)
        {
            var token = DecisionToken.Create(_secret, "k", "PolicyA", 0.5, _issued, SharedRandomSource.Instance);
            Assert.True(DecisionToken.TryParse(_secret, token, out var claims, out _));
            ids.Add(claims.Id);
            tokens.Add(token);
        }

        Assert.Equal(100_000, ids.Count);
        Assert.Equal(100_000, tokens.Count);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("no-dot-here", "malformed")]
    [InlineData("a.b.c", "malformed")]
    [InlineData(".abc", "malformed")]
    [InlineData("abc.", "malformed")]
    [InlineData("abc.AAAA", "malformed")]
    [InlineData("ab$c.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "malformed")]
    public void TryParse_Malformed_RejectedWithReason(string? token, string reason)
    {
        Assert.False(DecisionToken.TryParse(_secret, token, out var claims, out var error));
        Assert.Null(claims);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void TryParse_Oversized_RejectedBeforeDecoding()
    {
        var huge = new string('A', DecisionToken.MaxLength) + ".x";

        Assert.False(DecisionToken.TryParse(_secret, huge, out _, out var error));
        Assert.Contains("too long", error);
    }

    [Fact]
    public void TryParse_WithTtl_RejectsExpiredAndFutureTokens()
    {
        var token = DecisionToken.Create(_secret, "k", "PolicyA", 0.5, _issued, new SeededRandomSource(6));
        var ttl = TimeSpan.FromHours(1);

        Assert.True(DecisionToken.TryParse(_secret, token, ttl, _issued.AddMinutes(59), out _, out _));
        Assert.False(DecisionToken.TryParse(_secret, token, ttl, _issued.AddMinutes(61), out _, out var expired));
        Assert.False(DecisionToken.TryParse(_secret, token, ttl, _issued.AddMinutes(-5), out _, out var future));
        Assert.Contains("expired", expired);
        Assert.Contains("future", future);
    }

    [Fact]
    public void CreateAndParse_BadArguments_Throw()
    {
        var random = new SeededRandomSource(7);

        Assert.Throws<ArgumentException>(() => DecisionToken.Create(new byte[8], "k", "PolicyA", 0.5, _issued, random));
        Assert.Throws<ArgumentException>(() => DecisionToken.TryParse(new byte[8], "x.y", out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => DecisionToken.Create(_secret, "k", "PolicyA", 0.0, _issued, random));
        Assert.Throws<ArgumentOutOfRangeException>(() => DecisionToken.Create(_secret, "k", "PolicyA", double.NaN, _issued, random));
        Assert.Throws<ArgumentException>(() => DecisionToken.Create(_secret, "k", new string('a', 256), 0.5, _issued, random));
    }

    [Fact]
    public void CreateAndParse_ManyThreadsAtOnce_AllValidAndDistinct()
    {
        const int Threads = 8;
        const int PerThread = 5_000;
        var tokens = new System.Collections.Concurrent.ConcurrentBag<(string Token, string Arm)>();
        var ids = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>();
        var failures = 0;
        using var start = new Barrier(Threads);

        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var arm = $"arm-{t}";
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                var token = DecisionToken.Create(_secret, "k", arm, 0.5, _issued, SharedRandomSource.Instance);
                if (!DecisionToken.TryParse(_secret, token, out var claims, out _) || claims.Arm != arm || !ids.TryAdd(claims.Id, 0))
                {
                    Interlocked.Increment(ref failures);
                }

                tokens.Add((token, arm));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(0, failures);
        Assert.Equal(Threads * PerThread, ids.Count);
        // Tokens made on one thread verify on another (each thread keys its own MAC context).
        Assert.All(tokens.Take(1_000), t => Assert.True(DecisionToken.TryParse(_secret, t.Token, out var c, out _) && c.Arm == t.Arm));
    }

    [Fact]
    public void CreateAndParse_SecretChangedBetweenCalls_UsesTheSecretOfEachCall()
    {
        var rotated = new byte[_secret.Length];
        var results = new List<bool>();

        for (var round = 0; round < 3; round++)
        {
            // A new secret every round, including a third key so the per-thread contexts are evicted and rekeyed.
            _secret.CopyTo(rotated, 0);
            rotated[^1] ^= (byte)(round + 1);
            var oldToken = DecisionToken.Create(_secret, "k", "PolicyA", 0.5, _issued, new SeededRandomSource(round));
            var newToken = DecisionToken.Create(rotated, "k", "PolicyA", 0.5, _issued, new SeededRandomSource(round));

            results.Add(DecisionToken.TryParse(_secret, oldToken, out _, out _));
            results.Add(DecisionToken.TryParse(rotated, newToken, out _, out _));
            results.Add(DecisionToken.TryParse(rotated, oldToken, out _, out _));
            results.Add(DecisionToken.TryParse(_secret, newToken, out _, out _));
            results.Add(DecisionToken.TryParse(_otherSecret, newToken, out _, out _));
            Assert.NotEqual(oldToken.Split('.')[1], newToken.Split('.')[1]);
        }

        Assert.Equal(Enumerable.Repeat<bool[]>([true, true, false, false, false], 3).SelectMany(r => r), results);
    }

    [Fact]
    public void Create_SecretBufferMutatedInPlace_SignsWithTheNewBytes()
    {
        var secret = (byte[])_secret.Clone();
        var before = DecisionToken.Create(secret, "k", "PolicyA", 0.5, _issued, new SeededRandomSource(8));
        secret[0] ^= 0xFF; // same array, new contents: the cached context must not be reused
        var after = DecisionToken.Create(secret, "k", "PolicyA", 0.5, _issued, new SeededRandomSource(8));

        Assert.NotEqual(before, after);
        Assert.False(DecisionToken.TryParse(secret, before, out _, out _));
        Assert.True(DecisionToken.TryParse(secret, after, out _, out _));
        Assert.True(DecisionToken.TryParse(_secret, before, out _, out _));
    }
}
