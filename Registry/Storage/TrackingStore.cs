using Bandit.Registry.Infrastructure;
using Bandit.Registry.Model;
using Microsoft.Data.Sqlite;

namespace Bandit.Registry.Storage;

/// <summary>Experiments (this file), runs, params, tags and metrics (TrackingStore.Runs.cs) in SQLite.</summary>
public sealed partial class TrackingStore(Db db, TimeProvider clock)
{
    private const string ExperimentColumns = "experiment_id, name, artifact_location, lifecycle_stage, last_update_time, creation_time";

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<string> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyList<(string Key, string Value)> tags, CancellationToken cancellationToken)
    {
        Validation.LengthLimit("Experiment name", name, Validation.MaxExperimentNameLength);
        return db.WriteAsync(async (c, tx) =>
        {
            if (await c.ScalarAsync("SELECT 1 FROM experiments WHERE name = $n", tx, ("$n", name)) is not null)
            {
                throw RegistryException.AlreadyExists($"Experiment(name={name}) already exists.");
            }

            var now = Now;
            var id = (long)(await c.ScalarAsync(
                "INSERT INTO experiments (name, artifact_location, creation_time, last_update_time) VALUES ($n, '', $t, $t) RETURNING experiment_id",
                tx, ("$n", name), ("$t", now)))!;
            var location = string.IsNullOrEmpty(artifactLocation) ? $"mlflow-artifacts:/{id}" : artifactLocation;
            await c.ExecuteAsync("UPDATE experiments SET artifact_location = $l WHERE experiment_id = $id", tx, ("$l", location), ("$id", id));
            foreach (var (key, value) in tags)
            {
                await c.ExecuteAsync("INSERT INTO experiment_tags VALUES ($id, $k, $v) ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value", tx, ("$id", id), ("$k", key), ("$v", value));
            }

            return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    public Task<ExperimentDto> GetExperimentAsync(string experimentId, CancellationToken cancellationToken) =>
        db.ReadAsync(async c => await ReadExperimentAsync(c, null, "experiment_id = $v", ParseExperimentId(experimentId))
            ?? throw RegistryException.NotFound($"No Experiment with id={experimentId} exists"), cancellationToken);

    public Task<ExperimentDto> GetExperimentByNameAsync(string name, CancellationToken cancellationToken) =>
        db.ReadAsync(async c => await ReadExperimentAsync(c, null, "name = $v", name)
            ?? throw RegistryException.NotFound($"Could not find experiment with name '{name}'"), cancellationToken);

    /// <summary>Experiment ids are integers here; anything else names no experiment (MLflow answers 500; we answer 400).</summary>
    internal static long ParseExperimentId(string experimentId) =>
        long.TryParse(experimentId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw RegistryException.Invalid($"Invalid experiment ID: '{experimentId}'");

    private static async Task<ExperimentDto?> ReadExperimentAsync(SqliteConnection c, SqliteTransaction? tx, string where, object value)
    {
        var rows = await c.QueryAsync($"SELECT {ExperimentColumns} FROM experiments WHERE {where}", tx,
            r => (Id: r.GetInt64(0), Name: r.GetString(1), Location: r.GetString(2), Stage: r.GetString(3), Updated: r.GetInt64(4), Created: r.GetInt64(5)), ("$v", value));
        if (rows.Count == 0)
        {
            return null;
        }

        var e = rows[0];
        var tags = await c.QueryAsync("SELECT key, value FROM experiment_tags WHERE experiment_id = $id ORDER BY rowid", tx,
            r => new KeyValueDto(r.GetString(0), r.GetString(1)), ("$id", e.Id));
        return new ExperimentDto(e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Name, e.Location, e.Stage, e.Updated, e.Created, tags.NullIfEmpty());
    }
}

internal static class ListExtensions
{
    /// <summary>MLflow leaves empty repeated fields out of its JSON.</summary>
    public static IReadOnlyList<T>? NullIfEmpty<T>(this IReadOnlyList<T> list) => list.Count == 0 ? null : list;
}
