using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Bandit.Allocation;

/// <summary>
/// Decision ids that cannot be guessed or forged: <c>base64url(payload) + "." + base64url(HMAC-SHA256(secret, payload))</c>,
/// where payload = version 1 (1 byte) | random id (16 bytes) | issued-at, Unix ms (8, big-endian) |
/// propensity (IEEE double, 8, big-endian) | experiment key (1-byte length + UTF-8) | arm (1-byte length + UTF-8).
/// The payload is readable by anyone; changing any of it (say, the arm) breaks the MAC, which is checked in
/// constant time before anything else is trusted.
/// </summary>
public static partial class DecisionToken
{
    /// <summary>Longest token accepted; longer input is rejected before any decoding.</summary>
    public const int MaxLength = 1024;

    /// <summary>Shortest secret accepted (32 random bytes are recommended).</summary>
    public const int MinSecretLength = 16;

    private const byte Version = 1;
    private const int IdLength = 16;
    private const int HeaderLength = 1 + IdLength + 8 + 8;
    private const int MacLength = 32;
    private const int MaxFieldBytes = 255;
    private const int MaxPayload = HeaderLength + 2 + (2 * MaxFieldBytes);

    public static string Create(ReadOnlySpan<byte> secret, string experimentKey, string arm, double propensity, DateTimeOffset issuedAt, IRandomSource random)
    {
        CheckSecret(secret);
        ArgumentException.ThrowIfNullOrEmpty(experimentKey);
        ArgumentException.ThrowIfNullOrEmpty(arm);
        ArgumentNullException.ThrowIfNull(random);
        if (!(propensity is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(propensity), propensity, "a propensity is in (0, 1].");
        }

        Span<byte> payload = stackalloc byte[MaxPayload];
        payload[0] = Version;
        random.FillIdBytes(payload.Slice(1, IdLength));
        BinaryPrimitives.WriteInt64BigEndian(payload[(1 + IdLength)..], issuedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteDoubleBigEndian(payload[(1 + IdLength + 8)..], propensity);
        var length = HeaderLength;
        length += WriteField(payload[length..], experimentKey, nameof(experimentKey));
        length += WriteField(payload[length..], arm, nameof(arm));
        payload = payload[..length];

        Span<byte> mac = stackalloc byte[MacLength];
        ComputeMac(secret, payload, mac);

        var payloadChars = Base64Url.GetEncodedLength(payload.Length);
        Span<char> token = stackalloc char[payloadChars + 1 + Base64Url.GetEncodedLength(MacLength)];
        Base64Url.EncodeToChars(payload, token);
        token[payloadChars] = '.';
        Base64Url.EncodeToChars(mac, token[(payloadChars + 1)..]);
        return new string(token);
    }

    /// <summary>Verifies a token and reads its claims; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(ReadOnlySpan<byte> secret, string? token, [NotNullWhen(true)] out DecisionClaims? claims, [NotNullWhen(false)] out string? error) =>
        TryParse(secret, token, null, default, out claims, out error);

    /// <summary>As <see cref="TryParse(ReadOnlySpan{byte}, string?, out DecisionClaims?, out string?)"/>, and also rejects
    /// tokens issued more than <paramref name="ttl"/> before <paramref name="now"/> (or more than a minute after it).</summary>
    public static bool TryParse(ReadOnlySpan<byte> secret, string? token, TimeSpan? ttl, DateTimeOffset now, [NotNullWhen(true)] out DecisionClaims? claims, [NotNullWhen(false)] out string? error)
    {
        CheckSecret(secret);
        claims = null;
        Span<byte> buffer = stackalloc byte[Base64Url.GetMaxDecodedLength(MaxLength)];
        error = Verify(secret, token, buffer, out var payloadLength);
        if (error is not null)
        {
            return false;
        }

        error = Read(buffer[..payloadLength], out claims);
        if (error is null && ttl is { } maxAge && claims is not null)
        {
            var age = now - claims.IssuedAt;
            error = age > maxAge ? "decision id has expired." : age < TimeSpan.FromMinutes(-1) ? "decision id is issued in the future." : null;
        }

        if (error is not null)
        {
            claims = null;
            return false;
        }

        return claims is not null;
    }

    /// <summary>Checks the token's shape and MAC; on success its payload is the first <paramref name="payloadLength"/> bytes of <paramref name="buffer"/>.</summary>
    private static string? Verify(ReadOnlySpan<byte> secret, string? token, Span<byte> buffer, out int payloadLength)
    {
        payloadLength = 0;
        if (string.IsNullOrEmpty(token))
        {
            return "decision id is empty.";
        }

        if (token.Length > MaxLength)
        {
            return $"decision id is too long (over {MaxLength} characters).";
        }

        var dot = token.IndexOf('.');
        if (dot <= 0 || dot != token.LastIndexOf('.'))
        {
            return "decision id is malformed: expected <payload>.<signature>.";
        }

        Span<byte> mac = stackalloc byte[MacLength + 3];
        if (!TryDecode(token.AsSpan(dot + 1), mac, out var macLength) || macLength != MacLength)
        {
            return "decision id is malformed: bad signature encoding.";
        }

        if (!TryDecode(token.AsSpan(0, dot), buffer, out var decodedLength))
        {
            return "decision id is malformed: bad payload encoding.";
        }

        Span<byte> expected = stackalloc byte[MacLength];
        ComputeMac(secret, buffer[..decodedLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac[..MacLength]))
        {
            return "decision id signature is invalid.";
        }

        payloadLength = decodedLength;
        return null;
    }

    private static void CheckSecret(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinSecretLength)
        {
            throw new ArgumentException($"the decision secret must be at least {MinSecretLength} bytes.", nameof(secret));
        }
    }
}
