using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;

namespace Bandit.Allocation;

/// <summary>The payload's binary layout and the canonical base64url decoding.</summary>
public static partial class DecisionToken
{
    private static readonly SearchValues<char> _alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes canonical base64url only: its alphabet, no padding, no stray bits (so each token has one spelling).</summary>
    private static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        if (text.IsEmpty || text.Length > MaxLength || text.ContainsAnyExcept(_alphabet))
        {
            return false;
        }

        if (Base64Url.DecodeFromChars(text, destination, out var consumed, out written) != OperationStatus.Done || consumed != text.Length)
        {
            return false;
        }

        Span<char> again = stackalloc char[text.Length];
        return Base64Url.TryEncodeToChars(destination[..written], again, out var charsWritten) && again[..charsWritten].SequenceEqual(text);
    }

    private static string? Read(ReadOnlySpan<byte> payload, out DecisionClaims? claims)
    {
        claims = null;
        if (payload.Length < HeaderLength + 2 || payload[0] != Version)
        {
            return "decision id has an unknown format.";
        }

        var id = Convert.ToHexStringLower(payload.Slice(1, IdLength));
        var issuedMs = BinaryPrimitives.ReadInt64BigEndian(payload[(1 + IdLength)..]);
        var propensity = BinaryPrimitives.ReadDoubleBigEndian(payload[(1 + IdLength + 8)..]);
        var rest = payload[HeaderLength..];
        if (!ReadField(ref rest, out var experiment) || !ReadField(ref rest, out var arm) || !rest.IsEmpty
            || !(propensity is > 0 and <= 1) || issuedMs < -62_135_596_800_000 || issuedMs > 253_402_300_799_999)
        {
            return "decision id has an unknown format.";
        }

        claims = new DecisionClaims(id, experiment, arm, propensity, DateTimeOffset.FromUnixTimeMilliseconds(issuedMs));
        return null;
    }

    private static int WriteField(Span<byte> destination, string value, string name)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        if (count > MaxFieldBytes)
        {
            throw new ArgumentException($"{name} is longer than {MaxFieldBytes} UTF-8 bytes.", name);
        }

        destination[0] = (byte)count;
        return 1 + Encoding.UTF8.GetBytes(value, destination[1..]);
    }

    private static bool ReadField(ref ReadOnlySpan<byte> rest, out string value)
    {
        value = "";
        if (rest.IsEmpty || rest[0] == 0 || rest.Length < 1 + rest[0])
        {
            return false;
        }

        try
        {
            value = _strictUtf8.GetString(rest.Slice(1, rest[0]));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        rest = rest[(1 + rest[0])..];
        return true;
    }
}
