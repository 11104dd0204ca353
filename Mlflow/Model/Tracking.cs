namespace Bandit.Mlflow;

// Lists: MLflow leaves empty repeated fields out, and the JSON source generator sets a missing init-only
// property to null; the setters turn both into an empty list, so callers never see null.

/// <summary>An MLflow experiment (<c>experiments/get-by-name</c>, <c>experiments/get</c>).</summary>
public sealed record Experiment
{
    private readonly IReadOnlyList<ExperimentTag> _tags = [];

    public required string ExperimentId { get; init; }
    public required string Name { get; init; }
    public string? ArtifactLocation { get; init; }
    public string? LifecycleStage { get; init; }
    public long? LastUpdateTime { get; init; }
    public long? CreationTime { get; init; }
    public IReadOnlyList<ExperimentTag> Tags { get => _tags; init => _tags = value ?? []; }
}

/// <summary>A key/value tag on an experiment.</summary>
public sealed record ExperimentTag(string Key, string Value);

/// <summary>One metric value; <paramref name="Timestamp"/> is milliseconds since the Unix epoch.</summary>
public sealed record Metric(string Key, double Value, long Timestamp, long Step = 0);

/// <summary>A run parameter. MLflow params are write-once: logging another value for a key fails.</summary>
public sealed record Param(string Key, string Value);

/// <summary>A key/value tag on a run.</summary>
public sealed record RunTag(string Key, string Value);

/// <summary>A run: its metadata and its data.</summary>
public sealed record Run(RunInfo Info, RunData Data);

/// <summary>A run's metadata. <see cref="ArtifactUri"/> is usually <c>mlflow-artifacts:/&lt;experiment&gt;/&lt;run&gt;/artifacts</c>.</summary>
public sealed record RunInfo
{
    public required string RunId { get; init; }
    public string? RunName { get; init; }
    public required string ExperimentId { get; init; }
    public string? UserId { get; init; }
    public RunStatus Status { get; init; }
    public long? StartTime { get; init; }
    public long? EndTime { get; init; }
    public string? ArtifactUri { get; init; }
    public string? LifecycleStage { get; init; }
}

/// <summary>A run's latest metric values, params and tags (MLflow leaves empty lists out: they read as empty).</summary>
public sealed record RunData
{
    private readonly IReadOnlyList<Metric> _metrics = [];
    private readonly IReadOnlyList<Param> _params = [];
    private readonly IReadOnlyList<RunTag> _tags = [];

    public IReadOnlyList<Metric> Metrics { get => _metrics; init => _metrics = value ?? []; }
    public IReadOnlyList<Param> Params { get => _params; init => _params = value ?? []; }
    public IReadOnlyList<RunTag> Tags { get => _tags; init => _tags = value ?? []; }
}

/// <summary>MLflow's run status, sent and received by name (<c>RUNNING</c>, <c>FINISHED</c>, ...).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(MlflowEnumConverter<RunStatus>))]
public enum RunStatus
{
    Running = 1,
    Scheduled = 2,
    Finished = 3,
    Failed = 4,
    Killed = 5,
}

/// <summary>One page of <c>runs/search</c>.</summary>
public sealed record RunsPage(IReadOnlyList<Run> Runs, string? NextPageToken);

/// <summary>A file or folder in an artifact listing; <see cref="Path"/> is relative to the listed artifact URI.</summary>
public sealed record ArtifactFile(string Path, bool IsDir, long? FileSize);
