using System.Globalization;
using Bandit.Registry.Infrastructure;
using Bandit.Registry.Model;
using Microsoft.Data.Sqlite;

namespace Bandit.Registry.Storage;

/// <summary>A metric value as logged.</summary>
public sealed record MetricInput(string Key, double Value, long Timestamp, long Step);

// Runs, params, tags, metrics.
public sealed partial class TrackingStore
{
    public const string RunNameTag = "mlflow.runName";
    private static readonly string[] Statuses = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];
    private const string RunColumns = "run_id, experiment_id, run_name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage";

    public static string Status(string status) =>
        Statuses.Contains(status) ? status : throw RegistryException.Invalid($"Invalid value '{status}' for parameter 'status': expected one of {string.Join(", ", Statuses)}.");

    public Task<RunDto> CreateRunAsync(string experimentId, string? runName, long startTime, string userId, IReadOnlyList<(string Key, string Value)> tags, CancellationToken cancellationToken)
    {
        var experiment = ParseExperimentId(experimentId);
        return db.WriteAsync(async (c, tx) =>
        {
            var location = (string?)await c.ScalarAsync("SELECT artifact_location FROM experiments WHERE experiment_id = $e", tx, ("$e", experiment))
                ?? throw RegistryException.NotFound($"No Experiment with id={experimentId} exists");
            var runId = Guid.NewGuid().ToString("N");
            var tagged = tags.LastOrDefault(t => t.Key == RunNameTag).Value;
            var name = !string.IsNullOrEmpty(runName) ? runName : !string.IsNullOrEmpty(tagged) ? tagged : RunNames.Next();
            await c.ExecuteAsync($"INSERT INTO runs ({RunColumns}) VALUES ($id, $e, $n, $u, 'RUNNING', $s, NULL, $a, 'active')", tx,
                ("$id", runId), ("$e", experiment), ("$n", name), ("$u", userId), ("$s", startTime), ("$a", $"{location.TrimEnd('/')}/{runId}/artifacts"));
            foreach (var (key, value) in tags.Where(t => t.Key != RunNameTag).Append((RunNameTag, name)))
            {
                await c.ExecuteAsync("INSERT INTO run_tags VALUES ($id, $k, $v) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value", tx, ("$id", runId), ("$k", key), ("$v", Validation.Truncate(value, Validation.MaxTagValueLength)));
            }

            return (await ReadRunAsync(c, tx, runId, withOutputs: false))!;
        }, cancellationToken);
    }

    public Task<RunDto> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        db.ReadAsync(async c => await ReadRunAsync(c, null, runId) ?? throw RunNotFound(runId), cancellationToken);

    /// <summary>Logs a batch atomically: all of it or (on any error) none of it.</summary>
    public Task LogBatchAsync(string runId, IReadOnlyList<MetricInput> metrics, IReadOnlyList<(string Key, string Value)> @params, IReadOnlyList<(string Key, string Value)> tags, CancellationToken cancellationToken)
    {
        CheckBatchLimit("metrics", Validation.MaxMetricsPerBatch, metrics.Count);
        CheckBatchLimit("params", Validation.MaxParamsTagsPerBatch, @params.Count);
        CheckBatchLimit("tags", Validation.MaxParamsTagsPerBatch, tags.Count);
        CheckBatchLimit("metrics, params, and tags", Validation.MaxEntitiesPerBatch, metrics.Count + @params.Count + tags.Count);
        foreach (var m in metrics)
        {
            Validation.LengthLimit("Metric name", m.Key, Validation.MaxEntityKeyLength);
            if (m.Timestamp < 0)
            {
                throw RegistryException.Invalid($"Got invalid value {m.Timestamp} for metric '{m.Key}' (value={m.Value}). Timestamp must be a nonnegative long (64-bit integer) ");
            }
        }

        var cleanParams = @params.Select(p => (Key: Validation.LengthLimit("Param key", p.Key, Validation.MaxEntityKeyLength), Value: Validation.Truncate(p.Value, Validation.MaxParamValueLength))).ToList();
        var duplicate = cleanParams.GroupBy(p => p.Key).FirstOrDefault(g => g.Select(p => p.Value).Distinct().Count() > 1);
        if (duplicate is not null)
        {
            throw RegistryException.Invalid($"Duplicate parameter keys have been submitted: [{duplicate.Key}]. Please ensure the request contains only one param value per param key.");
        }

        return db.WriteAsync(async (c, tx) =>
        {
            await RequireRunAsync(c, tx, runId);
            var changed = new List<string>();
            foreach (var (key, value) in cleanParams.Distinct())
            {
                var old = (string?)await c.ScalarAsync("SELECT value FROM params WHERE run_id = $r AND key = $k", tx, ("$r", runId), ("$k", key));
                if (old is null)
                {
                    await c.ExecuteAsync("INSERT INTO params VALUES ($r, $k, $v)", tx, ("$r", runId), ("$k", key), ("$v", value));
                }
                else if (old != value)
                {
                    changed.Add($"{{'key': '{key}', 'old_value': '{old}', 'new_value': '{value}'}}");
                }
            }

            if (changed.Count > 0)
            {
                // Throwing rolls the whole batch back.
                throw RegistryException.Invalid($"Changing param values is not allowed. Params were already logged='[{string.Join(", ", changed)}]' for run ID='{runId}'.");
            }

            foreach (var (key, value) in tags)
            {
                await SetTagAsync(c, tx, runId, Validation.LengthLimit("Tag key", key, Validation.MaxEntityKeyLength), Validation.Truncate(value, Validation.MaxTagValueLength));
            }

            foreach (var m in metrics)
            {
                // MLflow stores NaN as a flag and ±Infinity as ±double.MaxValue.
                var isNan = double.IsNaN(m.Value);
                var value = isNan ? 0d : Math.Clamp(m.Value, -double.MaxValue, double.MaxValue);
                await c.ExecuteAsync("INSERT OR IGNORE INTO metrics VALUES ($r, $k, $v, $nan, $t, $s)", tx,
                    ("$r", runId), ("$k", m.Key), ("$v", value), ("$nan", isNan ? 1 : 0), ("$t", m.Timestamp), ("$s", m.Step));
            }

            return true;
        }, cancellationToken);
    }

    public Task<RunInfoDto> UpdateRunAsync(string runId, string? status, long? endTime, string? runName, CancellationToken cancellationToken) =>
        db.WriteAsync(async (c, tx) =>
        {
            await RequireRunAsync(c, tx, runId);
            await c.ExecuteAsync("UPDATE runs SET status = COALESCE($s, status), end_time = COALESCE($e, end_time) WHERE run_id = $r", tx,
                ("$s", status), ("$e", endTime), ("$r", runId));
            if (!string.IsNullOrEmpty(runName))
            {
                await SetTagAsync(c, tx, runId, RunNameTag, runName);
            }

            return (await ReadRunAsync(c, tx, runId))!.Info;
        }, cancellationToken);

    /// <summary>One metric's history in MLflow's order (timestamp, step, value), paged.</summary>
    public Task<(List<MetricDto> Metrics, string? NextPageToken)> GetMetricHistoryAsync(string runId, string key, int maxResults, string? pageToken, CancellationToken cancellationToken)
    {
        var offset = Validation.Offset(pageToken);
        return db.ReadAsync(async c =>
        {
            await RequireRunAsync(c, null, runId);
            var rows = await c.QueryAsync("SELECT key, value, is_nan, timestamp, step FROM metrics WHERE run_id = $r AND key = $k ORDER BY timestamp, step, value LIMIT $l OFFSET $o", null,
                ReadMetric, ("$r", runId), ("$k", key), ("$l", maxResults + 1), ("$o", offset));
            var next = rows.Count > maxResults ? Validation.PageToken(offset + maxResults) : null;
            return (rows.Take(maxResults).ToList(), next);
        }, cancellationToken);
    }

    private static async Task SetTagAsync(SqliteConnection c, SqliteTransaction tx, string runId, string key, string value)
    {
        await c.ExecuteAsync("INSERT INTO run_tags VALUES ($r, $k, $v) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value", tx, ("$r", runId), ("$k", key), ("$v", value));
        if (key == RunNameTag)
        {
            await c.ExecuteAsync("UPDATE runs SET run_name = $v WHERE run_id = $r", tx, ("$r", runId), ("$v", value));
        }
    }

    private static void CheckBatchLimit(string what, int limit, int count)
    {
        if (count > limit)
        {
            throw RegistryException.Invalid($"A batch logging request can contain at most {limit} {what}. Got {count} {what}. Please split up {what} across multiple requests and try again.");
        }
    }

    internal static RegistryException RunNotFound(string runId) => RegistryException.NotFound($"Run with id={runId} not found");

    private static async Task RequireRunAsync(SqliteConnection c, SqliteTransaction? tx, string runId)
    {
        if (await c.ScalarAsync("SELECT 1 FROM runs WHERE run_id = $r", tx, ("$r", runId)) is null)
        {
            throw RunNotFound(runId);
        }
    }

    private static MetricDto ReadMetric(SqliteDataReader r) => new(r.GetString(0), r.GetInt64(2) == 1 ? double.NaN : r.GetDouble(1), r.GetInt64(3), r.GetInt64(4));

    internal static async Task<RunDto?> ReadRunAsync(SqliteConnection c, SqliteTransaction? tx, string runId, bool withOutputs = true)
    {
        var infos = await c.QueryAsync($"SELECT {RunColumns} FROM runs WHERE run_id = $r", tx, r => new RunInfoDto(
            r.GetString(0), r.GetInt64(1).ToString(CultureInfo.InvariantCulture), r.GetString(2), r.GetString(3), r.GetString(4),
            r.GetInt64(5), r.NullableInt64(6), r.GetString(7), r.GetString(8), r.GetString(0)), ("$r", runId));
        if (infos.Count == 0)
        {
            return null;
        }

        // Latest value per key: the highest (step, timestamp, value), as MLflow's latest_metrics; keys in the
        // order they were first logged, and params and tags in insertion order, as MLflow lists them.
        var metrics = await c.QueryAsync("""
            SELECT key, value, is_nan, timestamp, step FROM (
              SELECT *, ROW_NUMBER() OVER (PARTITION BY key ORDER BY step DESC, timestamp DESC, is_nan, value DESC) AS rn,
                     MIN(rowid) OVER (PARTITION BY key) AS first
              FROM metrics WHERE run_id = $r) WHERE rn = 1 ORDER BY first
            """, tx, ReadMetric, ("$r", runId));
        var @params = await c.QueryAsync("SELECT key, value FROM params WHERE run_id = $r ORDER BY rowid", tx, r => new KeyValueDto(r.GetString(0), r.GetString(1)), ("$r", runId));
        var tags = await c.QueryAsync("SELECT key, value FROM run_tags WHERE run_id = $r ORDER BY rowid", tx, r => new KeyValueDto(r.GetString(0), r.GetString(1)), ("$r", runId));
        return new RunDto(infos[0], new RunDataDto(metrics.NullIfEmpty(), @params.NullIfEmpty(), tags.NullIfEmpty()), new EmptyResponse(), withOutputs ? new EmptyResponse() : null);
    }

    /// <summary>Every run of the given experiments (searched in memory by <see cref="RunSearch"/>).</summary>
    public Task<List<RunDto>> ListRunsAsync(IReadOnlyList<string> experimentIds, CancellationToken cancellationToken)
    {
        var ids = experimentIds.Select(ParseExperimentId).ToList();
        return db.ReadAsync(async c =>
        {
            var runIds = await c.QueryAsync($"SELECT run_id FROM runs WHERE experiment_id IN ({string.Join(',', ids)}) AND lifecycle_stage = 'active' ORDER BY start_time DESC, run_id", null, r => r.GetString(0));
            var runs = new List<RunDto>(runIds.Count);
            foreach (var id in runIds)
            {
                runs.Add((await ReadRunAsync(c, null, id))!);
            }

            return runs;
        }, cancellationToken);
    }
}
