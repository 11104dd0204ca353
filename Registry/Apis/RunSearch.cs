using System.Globalization;
using Bandit.Registry.Infrastructure;
using Bandit.Registry.Model;
using Bandit.Registry.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bandit.Registry.Apis;

/// <summary>
/// <c>runs/search</c>, evaluated in memory over the runs of the given experiments. Supported: clauses joined by
/// AND on <c>metrics.&lt;key&gt;</c> (numeric comparisons), <c>params.&lt;key&gt;</c> and <c>tags.&lt;key&gt;</c>
/// (=, !=, LIKE, ILIKE, IN), and the attributes <c>run_id</c>, <c>run_name</c>, <c>status</c>, <c>user_id</c>,
/// <c>artifact_uri</c>, <c>start_time</c>, <c>end_time</c>; order_by on the same keys (default start_time DESC).
/// Deleted runs do not exist here, so run_view_type is accepted and ignored.
/// </summary>
public static class RunSearch
{
    public const int DefaultMaxResults = 1000;
    public const int MaxResults = 50_000;

    public static async Task<Ok<RunsResponse>> SearchRuns(RequestArgs args, TrackingStore store, CancellationToken cancellationToken)
    {
        var clauses = SearchFilter.Parse(args.Optional("filter"));
        var max = Validation.MaxResults(args.OptionalLong("max_results"), DefaultMaxResults, MaxResults);
        var offset = Validation.Offset(args.Optional("page_token"));
        var runs = await store.ListRunsAsync(args.Strings("experiment_ids"), cancellationToken);
        var matching = runs.Where(run => clauses.All(c => Matches(run, c)));
        var ordered = Ordering.Apply(matching, args.Strings("order_by"), ["attributes.start_time DESC", "attributes.run_id ASC"], Key).ToList();
        var (page, next) = ModelRegistryStore.Page(ordered, offset, max);
        return TypedResults.Ok(new RunsResponse(page.NullIfEmpty(), next));
    }

    private static bool Matches(RunDto run, FilterClause clause) => clause.Entity switch
    {
        "metrics" => run.Data.Metrics?.FirstOrDefault(m => m.Key == clause.Key) is { } metric && clause.Matches(metric.Value),
        "params" => clause.Matches(run.Data.Params?.FirstOrDefault(p => p.Key == clause.Key)?.Value),
        "tags" => clause.Matches(run.Data.Tags?.FirstOrDefault(t => t.Key == clause.Key)?.Value),
        _ => clause.Key switch
        {
            "start_time" => clause.Matches(run.Info.StartTime),
            "end_time" => run.Info.EndTime is { } end && clause.Matches(end),
            _ => clause.Matches(Attribute(run.Info, clause.Key)),
        },
    };

    private static string Attribute(RunInfoDto info, string key) => key switch
    {
        "run_id" => info.RunId,
        "run_name" => info.RunName,
        "status" => info.Status,
        "user_id" => info.UserId,
        "artifact_uri" => info.ArtifactUri,
        "lifecycle_stage" => info.LifecycleStage,
        _ => throw RegistryException.Invalid($"Invalid attribute key '{key}' specified."),
    };

    private static IComparable? Key(RunDto run, string field)
    {
        var dot = field.IndexOf('.');
        var (entity, key) = dot > 0 ? (field[..dot], field[(dot + 1)..].Trim('`', '"')) : ("attributes", field);
        return entity switch
        {
            "metrics" or "metric" => run.Data.Metrics?.FirstOrDefault(m => m.Key == key)?.Value,
            "params" or "param" => run.Data.Params?.FirstOrDefault(p => p.Key == key)?.Value,
            "tags" or "tag" => run.Data.Tags?.FirstOrDefault(t => t.Key == key)?.Value,
            _ => key switch
            {
                "start_time" => run.Info.StartTime,
                "end_time" => run.Info.EndTime,
                _ => Attribute(run.Info, key),
            },
        };
    }
}
