using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Bandit.TestSupport;

/// <summary>One span as an OTLP exporter sent it.</summary>
public sealed record CollectedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// A minimal OTLP/HTTP (protobuf) trace receiver on a loopback port, for end-to-end tests that
/// check one trace id across processes. Point services at it with
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT=<see cref="Endpoint"/></c> and <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>.
/// Metrics and logs are accepted and dropped.
/// </summary>
public sealed class OtlpCollector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<CollectedSpan> _spans = new();

    public OtlpCollector()
    {
        var port = FreePort.Next();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public string Endpoint { get; }

    public IReadOnlyCollection<CollectedSpan> Spans => _spans.ToArray();

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            try
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.Url?.AbsolutePath == "/v1/traces")
                {
                    foreach (var span in OtlpTraceReader.Read(body.ToArray()))
                    {
                        _spans.Enqueue(span);
                    }
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
            }
            catch (FormatException)
            {
                context.Response.StatusCode = 400;
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }
}

/// <summary>
/// Reads the few fields of an OTLP <c>ExportTraceServiceRequest</c> the tests need, straight from the
/// protobuf wire format (field numbers from opentelemetry-proto trace/v1/trace.proto).
/// </summary>
internal static class OtlpTraceReader
{
    public static IEnumerable<CollectedSpan> Read(byte[] message)
    {
        var result = new List<CollectedSpan>();
        foreach (var (field, resourceSpans) in Fields(message))
        {
            if (field != 1)
            {
                continue; // ExportTraceServiceRequest.resource_spans = 1
            }

            var service = "";
            var spans = new List<byte[]>();
            foreach (var (f, value) in Fields(resourceSpans))
            {
                if (f == 1)
                {
                    // Resource.attributes = 1
                    foreach (var (af, kv) in Fields(value))
                    {
                        if (af == 1 && KeyValue(kv) is ("service.name", var name))
                        {
                            service = name;
                        }
                    }
                }
                else if (f == 2)
                {
                    // ScopeSpans.spans = 2
                    spans.AddRange(Fields(value).Where(x => x.Field == 2).Select(x => x.Value));
                }
            }

            foreach (var span in spans)
            {
                string traceId = "", spanId = "", parent = "", name = "";
                var kind = 0;
                var attributes = new Dictionary<string, string>();
                foreach (var (f, value, varint) in FieldsWithVarints(span))
                {
                    switch (f)
                    {
                        case 1: traceId = Convert.ToHexStringLower(value); break;
                        case 2: spanId = Convert.ToHexStringLower(value); break;
                        case 4: parent = Convert.ToHexStringLower(value); break;
                        case 5: name = Encoding.UTF8.GetString(value); break;
                        case 6: kind = (int)varint; break;
                        case 9:
                            if (KeyValue(value) is var (k, v))
                            {
                                attributes[k] = v;
                            }

                            break;
                    }
                }

                result.Add(new CollectedSpan(service, traceId, spanId, parent, name, kind, attributes));
            }
        }

        return result;
    }

    private static (string Key, string Value)? KeyValue(byte[] kv)
    {
        string? key = null, value = null;
        foreach (var (f, v, _) in FieldsWithVarints(kv))
        {
            if (f == 1)
            {
                key = Encoding.UTF8.GetString(v);
            }
            else if (f == 2)
            {
                // AnyValue: string_value = 1, int_value = 3 (varint), double = 4 (fixed64)
                foreach (var (af, av, aint) in FieldsWithVarints(v))
                {
                    value = af switch
                    {
                        1 => Encoding.UTF8.GetString(av),
                        2 => (aint != 0).ToString(),
                        3 => ((long)aint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        4 => BitConverter.ToDouble(av).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => value,
                    };
                }
            }
        }

        return key is null ? null : (key, value ?? "");
    }

    private static IEnumerable<(int Field, byte[] Value)> Fields(byte[] data) =>
        FieldsWithVarints(data).Where(x => x.Value.Length > 0 || x.Varint == 0).Select(x => (x.Field, x.Value));

    private static List<(int Field, byte[] Value, ulong Varint)> FieldsWithVarints(byte[] data)
    {
        var fields = new List<(int, byte[], ulong)>();
        var pos = 0;
        while (pos < data.Length)
        {
            var tag = ReadVarint(data, ref pos);
            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    fields.Add((field, [], ReadVarint(data, ref pos)));
                    break;
                case 1:
                    Need(data, pos, 8);
                    fields.Add((field, data[pos..(pos + 8)], 0));
                    pos += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(data, ref pos);
                    Need(data, pos, length);
                    fields.Add((field, data[pos..(pos + length)], 0));
                    pos += length;
                    break;
                case 5:
                    Need(data, pos, 4);
                    fields.Add((field, data[pos..(pos + 4)], 0));
                    pos += 4;
                    break;
                default:
                    throw new FormatException($"unsupported protobuf wire type {tag & 7}");
            }
        }

        return fields;
    }

    private static void Need(byte[] data, int pos, int length)
    {
        if (length < 0 || pos + length > data.Length)
        {
            throw new FormatException("truncated protobuf message");
        }
    }

    private static ulong ReadVarint(byte[] data, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length)
            {
                throw new FormatException("truncated varint");
            }

            var b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new FormatException("varint too long");
    }
}
