using System.Security.Cryptography;

namespace Bandit.Allocation;

/// <summary>
/// HMAC-SHA256 through a reused, per-thread keyed context: keying HMAC (two SHA-256 blocks for the pads) and
/// creating the native context cost more than hashing a 60-byte payload, so each thread keys one
/// <see cref="IncrementalHash"/> per secret and reuses it. The context is thread-static (no sharing, no locks) and
/// checked against the secret on every call, so a rotated secret simply rekeys; two secrets are kept per thread so
/// verifying with an old and a new secret in turn does not rekey on every call.
/// </summary>
public static partial class DecisionToken
{
    private const int CachedKeysPerThread = 2;

    [ThreadStatic]
    private static MacContext?[]? _macContexts;

    private static void ComputeMac(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> payload, Span<byte> mac)
    {
        var contexts = _macContexts ??= new MacContext?[CachedKeysPerThread];
        var context = Find(contexts, secret);
        try
        {
            context.Hash.AppendData(payload);
            context.Hash.GetHashAndReset(mac);
        }
        catch
        {
            // A context that failed half-way may hold stray input: never reuse it.
            Evict(contexts, context);
            throw;
        }
    }

    /// <summary>The context keyed with <paramref name="secret"/>, moved to the front; created (evicting the oldest) if absent.</summary>
    private static MacContext Find(MacContext?[] contexts, ReadOnlySpan<byte> secret)
    {
        for (var i = 0; i < contexts.Length; i++)
        {
            // Not a secret-dependent branch an attacker can time: both sides are the server's own keys.
            if (contexts[i] is { } candidate && secret.SequenceEqual(candidate.Key))
            {
                if (i > 0)
                {
                    (contexts[0], contexts[i]) = (candidate, contexts[0]);
                }

                return candidate;
            }
        }

        contexts[^1]?.Dispose();
        Array.Copy(contexts, 0, contexts, 1, contexts.Length - 1);
        return contexts[0] = new MacContext(secret);
    }

    private static void Evict(MacContext?[] contexts, MacContext context)
    {
        var i = Array.IndexOf(contexts, context);
        if (i >= 0)
        {
            contexts[i] = null;
        }

        context.Dispose();
    }

    /// <summary>A copy of one secret and the HMAC context keyed with it.</summary>
    private sealed class MacContext(ReadOnlySpan<byte> secret) : IDisposable
    {
        public byte[] Key { get; } = secret.ToArray();

        public IncrementalHash Hash { get; } = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);

        public void Dispose()
        {
            Hash.Dispose();
            CryptographicOperations.ZeroMemory(Key);
        }
    }
}
