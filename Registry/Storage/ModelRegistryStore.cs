using System.Globalization;
using System.Text.Json;
using Bandit.Registry.Infrastructure;
using Bandit.Registry.Model;
using Microsoft.Data.Sqlite;

namespace Bandit.Registry.Storage;

/// <summary>Registered models (this file), model versions and aliases (ModelRegistryStore.Versions.cs) in SQLite.</summary>
public sealed partial class ModelRegistryStore(Db db, TimeProvider clock)
{
    // One statement per version, tags and aliases folded in as JSON: a consistent snapshot in one round trip.
    private const string VersionSelect = """
        SELECT mv.name, mv.version, mv.creation_time, mv.last_updated_time, mv.current_stage, mv.description, mv.source,
               mv.run_id, mv.status, mv.run_link,
               (SELECT json_group_array(json_array(key, value)) FROM
                  (SELECT key, value FROM model_version_tags t WHERE t.name = mv.name AND t.version = mv.version ORDER BY rowid)),
               (SELECT json_group_array(alias) FROM
                  (SELECT alias FROM registered_model_aliases a WHERE a.name = mv.name AND a.version = mv.version ORDER BY alias))
        FROM model_versions mv
        """;

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    internal static RegistryException ModelNotFound(string name) => RegistryException.NotFound($"Registered Model with name={name} not found");

    internal static RegistryException VersionNotFound(string name, string version) => RegistryException.NotFound($"Model Version (name={name}, version={version}) not found");

    public Task<RegisteredModelDto> CreateRegisteredModelAsync(string name, string? description, IReadOnlyList<(string Key, string Value)> tags, CancellationToken cancellationToken) =>
        db.WriteAsync(async (c, tx) =>
        {
            if (await c.ScalarAsync("SELECT 1 FROM registered_models WHERE name = $n", tx, ("$n", name)) is not null)
            {
                throw RegistryException.AlreadyExists($"Registered Model (name={name}) already exists.");
            }

            var now = Now;
            await c.ExecuteAsync("INSERT INTO registered_models VALUES ($n, $t, $t, $d)", tx, ("$n", name), ("$t", now), ("$d", description));
            foreach (var (key, value) in tags)
            {
                await c.ExecuteAsync("INSERT INTO registered_model_tags VALUES ($n, $k, $v) ON CONFLICT (name, key) DO UPDATE SET value = excluded.value", tx, ("$n", name), ("$k", key), ("$v", value));
            }

            return (await ReadModelAsync(c, tx, name))!;
        }, cancellationToken);

    public Task<RegisteredModelDto> GetRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
        db.ReadAsync(async c => await ReadModelAsync(c, null, name) ?? throw ModelNotFound(name), cancellationToken);

    /// <summary>Registered models matching <paramref name="filter"/> (name and tags.* clauses), ordered and paged as MLflow does.</summary>
    public async Task<(List<RegisteredModelDto> Models, string? NextPageToken)> SearchRegisteredModelsAsync(string? filter, int maxResults, IReadOnlyList<string> orderBy, string? pageToken, CancellationToken cancellationToken)
    {
        var clauses = SearchFilter.Parse(filter);
        foreach (var clause in clauses.Where(c => !(c.Entity == "tags" || (c.Entity == "attributes" && c.Key == "name"))))
        {
            throw RegistryException.Invalid($"Invalid attribute key '{clause.Key}' specified. Valid keys are '{{'name'}}'");
        }

        var offset = Validation.Offset(pageToken);
        var models = await db.ReadAsync(async c =>
        {
            var names = await c.QueryAsync("SELECT name FROM registered_models", null, r => r.GetString(0));
            var all = new List<RegisteredModelDto>(names.Count);
            foreach (var name in names)
            {
                all.Add((await ReadModelAsync(c, null, name))!);
            }

            return all;
        }, cancellationToken);

        var matching = models.Where(m => clauses.All(c => c.Entity == "tags"
            ? c.Matches(m.Tags?.FirstOrDefault(t => t.Key == c.Key)?.Value)
            : c.Matches(m.Name)));
        var ordered = Ordering.Apply(matching, orderBy, ["name ASC"], (m, key) => key switch
        {
            "name" => m.Name,
            "timestamp" or "last_updated_timestamp" => m.LastUpdatedTimestamp,
            "creation_timestamp" => m.CreationTimestamp,
            _ => throw RegistryException.Invalid($"Invalid order by key '{key}' specified. Valid keys are 'name', 'timestamp', 'last_updated_timestamp'"),
        }).ToList();
        return Page(ordered, offset, maxResults);
    }

    internal static (List<T> Items, string? NextPageToken) Page<T>(List<T> ordered, int offset, int maxResults)
    {
        var page = ordered.Skip(offset).Take(maxResults).ToList();
        return (page, ordered.Count > offset + maxResults ? Validation.PageToken(offset + maxResults) : null);
    }

    private static async Task<RegisteredModelDto?> ReadModelAsync(SqliteConnection c, SqliteTransaction? tx, string name)
    {
        var rows = await c.QueryAsync("SELECT name, creation_time, last_updated_time, description FROM registered_models WHERE name = $n", tx,
            r => (Name: r.GetString(0), Created: r.GetInt64(1), Updated: r.GetInt64(2), Description: r.NullableString(3)), ("$n", name));
        if (rows.Count == 0)
        {
            return null;
        }

        var m = rows[0];
        var tags = await c.QueryAsync("SELECT key, value FROM registered_model_tags WHERE name = $n ORDER BY rowid", tx, r => new KeyValueDto(r.GetString(0), r.GetString(1)), ("$n", name));
        var aliases = await c.QueryAsync("SELECT alias, version FROM registered_model_aliases WHERE name = $n ORDER BY alias", tx,
            r => new AliasDto(r.GetString(0), r.GetInt64(1).ToString(CultureInfo.InvariantCulture)), ("$n", name));

        // latest_versions: the newest version per stage; every version here is in stage "None". Aliases are left out, as MLflow does.
        var latest = await c.QueryAsync($"{VersionSelect} WHERE mv.name = $n ORDER BY mv.version DESC LIMIT 1", tx, ReadVersion, ("$n", name));
        return new RegisteredModelDto(m.Name, m.Created, m.Updated, string.IsNullOrEmpty(m.Description) ? null : m.Description,
            latest.Select(v => v with { Aliases = null }).ToList().NullIfEmpty(), tags.NullIfEmpty(), aliases.NullIfEmpty());
    }

    private static ModelVersionDto ReadVersion(SqliteDataReader r)
    {
        using var tags = JsonDocument.Parse(r.GetString(10));
        using var aliases = JsonDocument.Parse(r.GetString(11));
        return new ModelVersionDto(
            r.GetString(0), r.GetInt64(1).ToString(CultureInfo.InvariantCulture), r.GetInt64(2), r.GetInt64(3), r.GetString(4), r.GetString(5),
            r.GetString(6), r.GetString(7), r.GetString(8), null,
            tags.RootElement.EnumerateArray().Select(t => new KeyValueDto(t[0].GetString()!, t[1].GetString()!)).ToList().NullIfEmpty(),
            r.GetString(9),
            aliases.RootElement.EnumerateArray().Select(a => a.GetString()!).ToList().NullIfEmpty());
    }
}
