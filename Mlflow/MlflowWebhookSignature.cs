using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bandit.Mlflow;

/// <summary>
/// MLflow registry webhook signatures (MLflow 3.3+, <c>mlflow/webhooks/delivery.py</c> and <c>constants.py</c>).
/// A delivery is a POST with <c>Content-Type: application/json</c> and the headers
/// <c>X-MLflow-Delivery-Id</c> (a UUID), <c>X-MLflow-Timestamp</c> (Unix seconds) and, when the webhook has a
/// secret, <c>X-MLflow-Signature: v1,&lt;base64 HMAC-SHA256(secret, "{delivery_id}.{timestamp}.{payload}")&gt;</c>,
/// where payload is the exact request body text.
/// </summary>
public static class MlflowWebhookSignature
{
    public const string SignatureHeader = "X-MLflow-Signature";
    public const string TimestampHeader = "X-MLflow-Timestamp";
    public const string DeliveryIdHeader = "X-MLflow-Delivery-Id";
    public const string Version = "v1";

    /// <summary>Replay window used when none is given: a delivery older or newer than this is refused.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The <c>X-MLflow-Signature</c> value MLflow would send.</summary>
    public static string Sign(string secret, string deliveryId, string timestamp, string payload) =>
        $"{Version},{Convert.ToBase64String(Mac(secret, deliveryId, timestamp, payload))}";

    /// <summary>
    /// True when <paramref name="header"/> is a v1 signature of this delivery under <paramref name="secret"/>
    /// (compared in constant time) and <paramref name="timestamp"/> is within <paramref name="tolerance"/> of now.
    /// </summary>
    public static bool Verify(string secret, string deliveryId, string timestamp, string payload, string? header,
        TimeSpan? tolerance = null, DateTimeOffset? now = null)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(header) || !header.StartsWith(Version + ",", StringComparison.Ordinal))
        {
            return false;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var age = (now ?? DateTimeOffset.UtcNow) - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if (age.Duration() > (tolerance ?? DefaultTolerance))
        {
            return false;
        }

        var given = new byte[32];
        if (!Convert.TryFromBase64String(header[(Version.Length + 1)..], given, out var written) || written != given.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(secret, deliveryId, timestamp, payload));
    }

    private static byte[] Mac(string secret, string deliveryId, string timestamp, string payload) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{deliveryId}.{timestamp}.{payload}"));
}
