using System.Text.Json;
using Bandit.Mlflow.Protocol;

namespace Bandit.Mlflow;

/// <summary>
/// Splits a log-batch into requests within MLflow's limits (mlflow/utils/validation.py): at most 1000
/// metrics, 100 params, 100 tags and 1000 entities in all, and 1,000,000 bytes of JSON. Params and tags
/// are capped together at 100 per request, as the Python client does, which satisfies both per-kind limits.
/// </summary>
public static class LogBatchChunker
{
    public const int MaxMetrics = 1000;
    public const int MaxParamsAndTags = 100;
    public const int MaxEntities = 1000;
    public const int MaxRequestBytes = 1_000_000;

    // Room for {"run_id":"…","metrics":[],"params":[],"tags":[]} around the items.
    private const int EnvelopeBytes = 200;

    internal static IEnumerable<LogBatchRequest> Chunk(string runId, IEnumerable<Metric> metrics, IEnumerable<Param> @params, IEnumerable<RunTag> tags)
    {
        var budget = MaxRequestBytes - EnvelopeBytes - runId.Length;
        List<Metric> m = [];
        List<Param> p = [];
        List<RunTag> t = [];
        var bytes = 0;

        LogBatchRequest Flush()
        {
            var request = new LogBatchRequest(runId, m, p, t);
            m = [];
            p = [];
            t = [];
            bytes = 0;
            return request;
        }

        bool Full(int size, bool paramOrTag) =>
            m.Count + p.Count + t.Count >= MaxEntities
            || (paramOrTag ? p.Count + t.Count >= MaxParamsAndTags : m.Count >= MaxMetrics)
            || (bytes + size > budget && bytes > 0);

        foreach (var param in @params)
        {
            var size = Size(param, MlflowJsonContext.Default.Param);
            if (Full(size, paramOrTag: true))
            {
                yield return Flush();
            }

            p.Add(param);
            bytes += size;
        }

        foreach (var tag in tags)
        {
            var size = Size(tag, MlflowJsonContext.Default.RunTag);
            if (Full(size, paramOrTag: true))
            {
                yield return Flush();
            }

            t.Add(tag);
            bytes += size;
        }

        foreach (var metric in metrics)
        {
            var size = Size(metric, MlflowJsonContext.Default.Metric);
            if (Full(size, paramOrTag: false))
            {
                yield return Flush();
            }

            m.Add(metric);
            bytes += size;
        }

        if (m.Count + p.Count + t.Count > 0)
        {
            yield return Flush();
        }
    }

    // One item's JSON length plus its separating comma.
    private static int Size<T>(T item, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.SerializeToUtf8Bytes(item, type).Length + 1;
}
