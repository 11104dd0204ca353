using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Bandit.ServiceDefaults.Http;

namespace Bandit.Registry.Infrastructure;

/// <summary>
/// A request's parameters the way MLflow's <c>_get_request_message</c> reads them: the query string for a
/// GET that has one, the JSON body otherwise. A POST or PUT must say <c>Content-Type: application/json</c>;
/// a body that is not a JSON object reads as empty (MLflow parses with <c>silent=True</c>), so the missing
/// required fields are what the caller hears about. Type mismatches are 400 INVALID_PARAMETER_VALUE.
/// Bound by minimal APIs through <see cref="BindAsync"/>.
/// </summary>
public sealed class RequestArgs
{
    /// <summary>Largest JSON body read (MLflow's own limits are far lower: 1 MB for log-batch).</summary>
    public const int MaxJsonBytes = 16 * 1024 * 1024;

    private readonly IQueryCollection? _query;
    private readonly JsonElement _body;

    private RequestArgs(IQueryCollection? query, JsonElement body)
    {
        _query = query;
        _body = body;
    }

    public static async ValueTask<RequestArgs?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && request.Query.Count > 0)
        {
            return new RequestArgs(request.Query, default);
        }

        if (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method))
        {
            var contentType = request.ContentType;
            if (string.IsNullOrEmpty(contentType))
            {
                throw RegistryException.Invalid("Bad Request. Content-Type header is missing.");
            }

            if (!string.Equals(contentType.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
            {
                throw RegistryException.Invalid("Bad Request. Content-Type must be one of ['application/json'].");
            }
        }

        return new RequestArgs(null, await ReadJsonObjectAsync(request, context.RequestAborted));
    }

    private static async Task<JsonElement> ReadJsonObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // The Content-Type was checked above, MLflow's way (its error format, not problem details).
        var body = await JsonBodyReader.ReadAsync(request, MaxJsonBytes, cancellationToken, JsonMediaRule.Any);
        if (body.IsIncomplete)
        {
            // The client hung up or stalled mid-body: MLflow's 400, and never an empty request read as if complete.
            throw RegistryException.Invalid(body.Detail);
        }

        if (body.IsRefused)
        {
            throw new RegistryException(StatusCodes.Status413PayloadTooLarge, ErrorCodes.ResourceLimitExceeded, $"JSON bodies are limited to {MaxJsonBytes} bytes.");
        }

        if (body.IsEmpty)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body.Bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            // Every string and name read once up front: a lone surrogate escape is a 400 INVALID_PARAMETER_VALUE before any
            // handler (or the database) would throw on it.
            if (!JsonNames.TryReadAll(document.RootElement, out var unreadable))
            {
                throw RegistryException.Invalid($"Invalid JSON text: {unreadable}");
            }

            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private bool TryGet(string name, out JsonElement value, out string? queryValue)
    {
        value = default;
        queryValue = null;
        if (_query is not null)
        {
            if (_query.TryGetValue(name, out var values) && values.Count > 0)
            {
                queryValue = values[^1];
                return true;
            }

            return false;
        }

        return _body.ValueKind == JsonValueKind.Object && _body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>A string field; empty counts as missing when required, as in MLflow.</summary>
    public string Required(string name) => Optional(name) is { Length: > 0 } value ? value : throw RegistryException.Missing(name);

    public string? Optional(string name)
    {
        if (!TryGet(name, out var json, out var query))
        {
            return null;
        }

        if (_query is not null)
        {
            return query;
        }

        return json.ValueKind == JsonValueKind.String
            ? json.GetString()
            : throw RegistryException.Invalid($"Invalid value {json.GetRawText()} for parameter '{name}' supplied: it must be a string.");
    }

    public long? OptionalLong(string name)
    {
        if (!TryGet(name, out var json, out var query))
        {
            return null;
        }

        var text = _query is not null ? query : json.ValueKind == JsonValueKind.String ? json.GetString() : null;
        if (text is null && json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var number))
        {
            return number;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw RegistryException.Invalid($"Invalid value {(text ?? json.GetRawText())} for parameter '{name}' supplied: it must be an integer.");
    }

    public long RequiredLong(string name) => OptionalLong(name) ?? throw RegistryException.Missing(name);

    /// <summary>A double, with protobuf's "NaN", "Infinity" and "-Infinity" spellings.</summary>
    public double? OptionalDouble(string name)
    {
        if (!TryGet(name, out var json, out var query))
        {
            return null;
        }

        return _query is not null ? ParseDouble(query!, name) : ParseDouble(json, name);
    }

    /// <summary>A repeated string field: every occurrence in a query string, or a JSON array of strings.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        if (_query is not null)
        {
            return _query.TryGetValue(name, out var values) ? values.Where(v => v is not null).Select(v => v!).ToList() : [];
        }

        if (!TryGet(name, out var json, out _))
        {
            return [];
        }

        if (json.ValueKind != JsonValueKind.Array || json.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw RegistryException.Invalid($"Invalid value {json.GetRawText()} for parameter '{name}' supplied: it must be an array of strings.");
        }

        return json.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    /// <summary>A repeated message field (JSON body only), each item read by <paramref name="read"/>.</summary>
    public IReadOnlyList<T> Objects<T>(string name, Func<JsonElement, string, T> read)
    {
        if (_query is not null || !TryGet(name, out var json, out _))
        {
            return [];
        }

        if (json.ValueKind != JsonValueKind.Array)
        {
            throw RegistryException.Invalid($"Invalid value {json.GetRawText()} for parameter '{name}' supplied: it must be an array.");
        }

        return json.EnumerateArray().Select((item, i) => item.ValueKind == JsonValueKind.Object
            ? read(item, $"{name}[{i}]")
            : throw RegistryException.Invalid($"Invalid value {item.GetRawText()} for parameter '{name}[{i}]' supplied: it must be an object.")).ToList();
    }

    /// <summary>A {key, value} item: key required, value a string (may be empty).</summary>
    public static (string Key, string Value) KeyValue(JsonElement item, string path)
    {
        var key = ItemString(item, "key", path) is { Length: > 0 } k ? k : throw RegistryException.Missing($"{path}.key");
        return (key, ItemString(item, "value", path) ?? "");
    }

    public static string? ItemString(JsonElement item, string field, string path) =>
        !item.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw RegistryException.Invalid($"Invalid value {v.GetRawText()} for parameter '{path}.{field}' supplied: it must be a string.");

    public static long? ItemLong(JsonElement item, string field, string path)
    {
        if (!item.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n))
        {
            return n;
        }

        return v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw RegistryException.Invalid($"Invalid value {v.GetRawText()} for parameter '{path}.{field}' supplied: it must be an integer.");
    }

    public static double? ItemDouble(JsonElement item, string field, string path) =>
        !item.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null : ParseDouble(v, $"{path}.{field}");

    private static double ParseDouble(JsonElement json, string name) => json.ValueKind switch
    {
        JsonValueKind.Number => json.GetDouble(),
        JsonValueKind.String => ParseDouble(json.GetString()!, name),
        _ => throw RegistryException.Invalid($"Invalid value {json.GetRawText()} for parameter '{name}' supplied: it must be a number."),
    };

    private static double ParseDouble(string text, string name) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw RegistryException.Invalid($"Invalid value {text} for parameter '{name}' supplied: it must be a number."),
    };
}
