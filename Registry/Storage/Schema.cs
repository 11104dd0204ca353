namespace Bandit.Registry.Storage;

/// <summary>The SQLite schema: MLflow's entities, one table each, keyed as MLflow keys them.</summary>
internal static class Schema
{
    public const int Version = 1;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS experiments (
            experiment_id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            artifact_location TEXT NOT NULL,
            lifecycle_stage TEXT NOT NULL DEFAULT 'active',
            creation_time INTEGER NOT NULL,
            last_update_time INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS experiment_tags (
            experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id),
            key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (experiment_id, key));
        CREATE TABLE IF NOT EXISTS runs (
            run_id TEXT PRIMARY KEY,
            experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id),
            run_name TEXT NOT NULL,
            user_id TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL,
            start_time INTEGER NOT NULL,
            end_time INTEGER,
            artifact_uri TEXT NOT NULL,
            lifecycle_stage TEXT NOT NULL DEFAULT 'active');
        CREATE INDEX IF NOT EXISTS runs_by_experiment ON runs (experiment_id);
        CREATE TABLE IF NOT EXISTS params (
            run_id TEXT NOT NULL REFERENCES runs(run_id),
            key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (run_id, key));
        CREATE TABLE IF NOT EXISTS run_tags (
            run_id TEXT NOT NULL REFERENCES runs(run_id),
            key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (run_id, key));
        -- One row per logged value; MLflow's primary key, so a replayed log-batch adds nothing.
        CREATE TABLE IF NOT EXISTS metrics (
            run_id TEXT NOT NULL REFERENCES runs(run_id),
            key TEXT NOT NULL,
            value REAL NOT NULL,
            is_nan INTEGER NOT NULL DEFAULT 0,
            timestamp INTEGER NOT NULL,
            step INTEGER NOT NULL,
            UNIQUE (run_id, key, timestamp, step, value, is_nan));
        CREATE TABLE IF NOT EXISTS registered_models (
            name TEXT PRIMARY KEY,
            creation_time INTEGER NOT NULL,
            last_updated_time INTEGER NOT NULL,
            description TEXT);
        CREATE TABLE IF NOT EXISTS registered_model_tags (
            name TEXT NOT NULL REFERENCES registered_models(name),
            key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (name, key));
        CREATE TABLE IF NOT EXISTS model_versions (
            name TEXT NOT NULL REFERENCES registered_models(name),
            version INTEGER NOT NULL,
            creation_time INTEGER NOT NULL,
            last_updated_time INTEGER NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL,
            run_id TEXT NOT NULL DEFAULT '',
            run_link TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'READY',
            current_stage TEXT NOT NULL DEFAULT 'None',
            PRIMARY KEY (name, version));
        CREATE TABLE IF NOT EXISTS model_version_tags (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (name, version, key),
            FOREIGN KEY (name, version) REFERENCES model_versions(name, version));
        -- Alias names compare case-sensitively (BINARY collation), as on MLflow's SQLite store.
        CREATE TABLE IF NOT EXISTS registered_model_aliases (
            name TEXT NOT NULL,
            alias TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (name, alias),
            FOREIGN KEY (name, version) REFERENCES model_versions(name, version));
        -- MLflow 3.3+ registry webhooks; events as a JSON list of [entity, action].
        CREATE TABLE IF NOT EXISTS webhooks (
            webhook_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            description TEXT,
            url TEXT NOT NULL,
            events TEXT NOT NULL,
            status TEXT NOT NULL,
            creation_time INTEGER NOT NULL,
            last_updated_time INTEGER NOT NULL,
            secret TEXT);
        """;
}
