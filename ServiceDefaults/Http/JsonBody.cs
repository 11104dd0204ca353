using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bandit.ServiceDefaults.Http;

/// <summary>A request body read by <see cref="JsonBodyReader"/>: its bytes, or the status (413, 415, 400) it was refused with.</summary>
public readonly record struct JsonBody
{
    private readonly string? _detail;

    private JsonBody(byte[]? bytes, int status, string? detail)
    {
        Bytes = bytes ?? [];
        Status = status;
        _detail = detail;
    }

    /// <summary>The body (empty when none was sent, or when it was refused).</summary>
    public byte[] Bytes { get; }

    /// <summary>200 when read; 413 or 415 when refused; 400 when it broke off (<see cref="IsIncomplete"/>).</summary>
    public int Status { get; }

    public bool IsRefused => Status != StatusCodes.Status200OK;

    /// <summary>
    /// The body ended before its Content-Length (or its connection broke): a 400 refusal. A caller that words its own
    /// 413 and 415 answers returns <see cref="Problem"/> for this one.
    /// </summary>
    public bool IsIncomplete => Status == StatusCodes.Status400BadRequest;

    public bool IsEmpty => Bytes.Length == 0;

    /// <summary>Why it was refused, in words for a client.</summary>
    public string Detail => _detail ?? "";

    /// <summary>The RFC 7807 answer to a refused body.</summary>
    public ProblemHttpResult Problem => TypedResults.Problem(Detail, statusCode: Status, title: Status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Request too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Incomplete request body",
    });

    internal static JsonBody Read(byte[] bytes) => new(bytes, StatusCodes.Status200OK, null);

    internal static JsonBody Incomplete(string detail) => new(null, StatusCodes.Status400BadRequest, detail);

    internal static JsonBody Refused(int status, int maxBytes, string? contentType) => new(null, status, status == StatusCodes.Status413PayloadTooLarge
        ? $"the body exceeds {maxBytes} bytes"
        : $"the body must be JSON (Content-Type application/json), not {contentType}");

    /// <summary>
    /// The body as a <typeparamref name="T"/>, or a 400 problem for an empty body, malformed JSON, a wrong type or a
    /// JSON null. Callers that report field paths (a validation problem) deserialize <see cref="Bytes"/> themselves.
    /// </summary>
    public bool TryDeserialize<T>(JsonTypeInfo<T> type, out T value, out ProblemHttpResult? problem) where T : class
    {
        value = default!;
        problem = null;
        if (IsRefused)
        {
            problem = Problem;
            return false;
        }

        if (IsEmpty)
        {
            problem = Malformed("a JSON body is required");
            return false;
        }

        try
        {
            if (JsonSerializer.Deserialize(Bytes, type) is { } read)
            {
                value = read;
                return true;
            }

            problem = Malformed("the body must be a JSON object, not null");
        }
        catch (JsonException e)
        {
            problem = Malformed($"malformed JSON or a wrong type{(string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}")}: {e.Message}");
        }

        return false;
    }

    /// <summary>The 400 answer to a body that is not the JSON expected.</summary>
    public static ProblemHttpResult Malformed(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON body");
}
