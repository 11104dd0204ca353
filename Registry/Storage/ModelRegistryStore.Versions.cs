using System.Globalization;
using Bandit.Registry.Infrastructure;
using Bandit.Registry.Model;
using Microsoft.Data.Sqlite;

namespace Bandit.Registry.Storage;

/// <summary>What a new model version is created from.</summary>
public sealed record NewModelVersion(string Name, string Source, string RunId, string RunLink, string Description, IReadOnlyList<(string Key, string Value)> Tags);

// Model versions and aliases.
public sealed partial class ModelRegistryStore
{
    /// <summary>Allocates the next version number inside the write transaction, so concurrent creators get distinct, consecutive numbers.</summary>
    public Task<ModelVersionDto> CreateModelVersionAsync(NewModelVersion request, CancellationToken cancellationToken) =>
        db.WriteAsync(async (c, tx) =>
        {
            if (await c.ScalarAsync("SELECT 1 FROM registered_models WHERE name = $n", tx, ("$n", request.Name)) is null)
            {
                throw ModelNotFound(request.Name);
            }

            var now = Now;
            var version = (long)(await c.ScalarAsync("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = $n", tx, ("$n", request.Name)))!;
            await c.ExecuteAsync("""
                INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, source, run_id, run_link, status, current_stage)
                VALUES ($n, $v, $t, $t, $d, $s, $r, $l, 'READY', 'None')
                """, tx, ("$n", request.Name), ("$v", version), ("$t", now), ("$d", request.Description), ("$s", request.Source), ("$r", request.RunId), ("$l", request.RunLink));
            foreach (var (key, value) in request.Tags)
            {
                await c.ExecuteAsync("INSERT INTO model_version_tags VALUES ($n, $v, $k, $val) ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value", tx, ("$n", request.Name), ("$v", version), ("$k", key), ("$val", value));
            }

            await c.ExecuteAsync("UPDATE registered_models SET last_updated_time = $t WHERE name = $n", tx, ("$t", now), ("$n", request.Name));
            return (await ReadVersionAsync(c, tx, request.Name, (int)version))!;
        }, cancellationToken);

    public Task<ModelVersionDto> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken)
    {
        var number = Validation.Version(version);
        return db.ReadAsync(async c => await ReadVersionAsync(c, null, name, number) ?? throw VersionNotFound(name, version), cancellationToken);
    }

    public Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken)
    {
        var number = Validation.Version(version);
        return db.WriteAsync(async (c, tx) =>
        {
            await RequireVersionAsync(c, tx, name, version, number);
            await c.ExecuteAsync("INSERT INTO model_version_tags VALUES ($n, $v, $k, $val) ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value", tx, ("$n", name), ("$v", number), ("$k", key), ("$val", value));
            return true;
        }, cancellationToken);
    }

    /// <summary>Model versions matching <paramref name="filter"/>, in MLflow's default order (last updated first) unless told otherwise.</summary>
    public async Task<(List<ModelVersionDto> Versions, string? NextPageToken)> SearchModelVersionsAsync(string? filter, int maxResults, IReadOnlyList<string> orderBy, string? pageToken, CancellationToken cancellationToken)
    {
        var clauses = SearchFilter.Parse(filter);
        var offset = Validation.Offset(pageToken);
        var exactName = clauses.FirstOrDefault(c => c is { Entity: "attributes", Key: "name", Op: "=" })?.Value;
        var versions = await db.ReadAsync(c => exactName is null
            ? c.QueryAsync(VersionSelect, null, ReadVersion)
            : c.QueryAsync($"{VersionSelect} WHERE mv.name = $n", null, ReadVersion, ("$n", exactName)), cancellationToken);

        var matching = versions.Where(v => clauses.All(c => (c.Entity, c.Key) switch
        {
            ("tags", var key) => c.Matches(v.Tags?.FirstOrDefault(t => t.Key == key)?.Value),
            ("attributes", "name") => c.Matches(v.Name),
            ("attributes", "run_id") => c.Matches(v.RunId),
            ("attributes", "source_path") => c.Matches(v.Source),
            ("attributes", "version_number") => c.Matches(double.Parse(v.Version, CultureInfo.InvariantCulture)),
            _ => throw RegistryException.Invalid($"Invalid attribute key '{c.Key}' specified. Valid keys are '{{'name', 'run_id', 'source_path', 'version_number'}}'"),
        }));
        var ordered = Ordering.Apply(matching, orderBy, ["last_updated_timestamp DESC", "name ASC", "version_number DESC"], (v, key) => key switch
        {
            "name" => v.Name,
            "version_number" => int.Parse(v.Version, CultureInfo.InvariantCulture),
            "creation_timestamp" => v.CreationTimestamp,
            "timestamp" or "last_updated_timestamp" => v.LastUpdatedTimestamp,
            "run_id" => v.RunId,
            _ => throw RegistryException.Invalid($"Invalid order by key '{key}' specified."),
        }).ToList();
        return Page(ordered, offset, maxResults);
    }

    /// <summary>Where a version's files are: its source (versions are not copied, as in MLflow's own stores).</summary>
    public async Task<string> GetDownloadUriAsync(string name, string version, CancellationToken cancellationToken) =>
        (await GetModelVersionAsync(name, version, cancellationToken)).Source;

    /// <summary>Points an alias at a version (an upsert). Checks in MLflow's order: alias name, reserved names, version number, version exists.</summary>
    public Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken)
    {
        Validation.AliasName(alias);
        Validation.AliasNotReserved(alias);
        var number = Validation.Version(version);
        return db.WriteAsync(async (c, tx) =>
        {
            await RequireVersionAsync(c, tx, name, version, number);
            await c.ExecuteAsync("INSERT INTO registered_model_aliases VALUES ($n, $a, $v) ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version", tx, ("$n", name), ("$a", alias), ("$v", number));
            return true;
        }, cancellationToken);
    }

    /// <summary>Removes an alias; 404 when the model does not exist, nothing to do when the alias does not.</summary>
    public Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken)
    {
        Validation.AliasName(alias);
        return db.WriteAsync(async (c, tx) =>
        {
            if (await c.ScalarAsync("SELECT 1 FROM registered_models WHERE name = $n", tx, ("$n", name)) is null)
            {
                throw ModelNotFound(name);
            }

            await c.ExecuteAsync("DELETE FROM registered_model_aliases WHERE name = $n AND alias = $a", tx, ("$n", name), ("$a", alias));
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// The version an alias points at. A missing alias is 400 INVALID_PARAMETER_VALUE (MLflow's choice, even when
    /// the model is missing); <c>latest</c> (any case) is the highest version.
    /// </summary>
    public Task<ModelVersionDto> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken)
    {
        Validation.AliasName(alias);
        return db.ReadAsync(async c =>
        {
            if (alias.Equals("latest", StringComparison.OrdinalIgnoreCase))
            {
                if (await c.ScalarAsync("SELECT 1 FROM registered_models WHERE name = $n", null, ("$n", name)) is null)
                {
                    throw ModelNotFound(name);
                }

                var latest = await c.QueryAsync($"{VersionSelect} WHERE mv.name = $n ORDER BY mv.version DESC LIMIT 1", null, ReadVersion, ("$n", name));
                return latest.Count > 0 ? latest[0] : throw RegistryException.NotFound($"Latest version not found for model {name}.");
            }

            var rows = await c.QueryAsync($"{VersionSelect} JOIN registered_model_aliases al ON al.name = mv.name AND al.version = mv.version WHERE al.name = $n AND al.alias = $a",
                null, ReadVersion, ("$n", name), ("$a", alias));
            return rows.Count > 0 ? rows[0] : throw RegistryException.Invalid($"Registered model alias {alias} not found.");
        }, cancellationToken);
    }

    private static async Task<ModelVersionDto?> ReadVersionAsync(SqliteConnection c, SqliteTransaction? tx, string name, int version)
    {
        var rows = await c.QueryAsync($"{VersionSelect} WHERE mv.name = $n AND mv.version = $v", tx, ReadVersion, ("$n", name), ("$v", version));
        return rows.Count > 0 ? rows[0] : null;
    }

    private static async Task RequireVersionAsync(SqliteConnection c, SqliteTransaction tx, string name, string version, int number)
    {
        if (await c.ScalarAsync("SELECT 1 FROM model_versions WHERE name = $n AND version = $v", tx, ("$n", name), ("$v", number)) is null)
        {
            throw VersionNotFound(name, version);
        }
    }
}
