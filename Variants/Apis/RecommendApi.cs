using System.Diagnostics;
using Bandit.ServiceDefaults.Http;
using Bandit.MovieLens.Features;
using Bandit.Variants.Extensions;
using Bandit.Variants.Model;
using Bandit.Variants.Serving;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bandit.Variants.Apis;

/// <summary><c>POST /recommend {userId, k?, exclude?}</c>: the top k movies for a user from the model in service.</summary>
public static class RecommendApi
{
    public static IEndpointRouteBuilder MapRecommendApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Recommend");
        api.MapPost("/recommend", Recommend)
            .WithName("Recommend")
            .Accepts<RecommendRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesBodyRefusals()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>
    /// Ranks every catalogue movie the user did not rate in the training window (nor listed in <c>exclude</c>) in one
    /// batch, with the model taken once at the start, so a swap during the request does not affect it. Unknown
    /// users get the model's cold-start ranking. 503 until a model is loaded.
    /// </summary>
    public static async Task<Results<Ok<RecommendResponse>, ValidationProblem, ProblemHttpResult>> Recommend(HttpRequest http, ModelHolder holder, CancellationToken cancellationToken)
    {
        var (request, headers, problem) = await RecommendRequestReader.ReadAsync(http, cancellationToken);
        switch (problem)
        {
            case ValidationProblem invalid:
                return invalid;
            case ProblemHttpResult other:
                return other;
        }

        var model = holder.Current;
        if (model is null)
        {
            http.HttpContext.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem("no model is loaded yet; see GET /model", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Model not loaded");
        }

        var userId = request!.UserId!.Value;
        var k = request.K ?? RecommendRequest.DefaultK;
        HashSet<int>? exclude = request.Exclude is { Count: > 0 } ids ? [.. ids] : null;

        using var activity = VariantsTelemetry.ActivitySource.StartActivity(VariantsTelemetry.RecommendActivity);
        var top = model.Ranker.TopK(userId, k, exclude);
        if (activity is not null)
        {
            Tag(activity, model, userId, k, exclude, headers);
        }

        var movies = model.State.Movies;
        var items = new List<RecommendedItem>(top.Count);
        foreach (var scored in top)
        {
            var movie = movies[scored.MovieId];
            items.Add(new RecommendedItem(movie.MovieId, movie.Title, movie.Year, movie.Genres, scored.Probability));
        }

        return TypedResults.Ok(new RecommendResponse(items, model.Alias, model.Version.Version)
        {
            Arm = headers.Arm,
            DecisionId = headers.DecisionId,
            Propensity = headers.Propensity,
        });
    }

    private static void Tag(Activity activity, LoadedModel model, int userId, int k, HashSet<int>? exclude, DecisionHeaders headers)
    {
        activity.SetTag(VariantsTelemetry.AliasTag, model.Alias);
        activity.SetTag(VariantsTelemetry.ModelVersionTag, model.Version.Version);
        activity.SetTag(VariantsTelemetry.KTag, k);
        activity.SetTag(VariantsTelemetry.CandidatesTag, CandidateCount(model.State, userId, exclude));
        activity.SetTag(VariantsTelemetry.ColdStartTag, !model.State.IsKnownUser(userId));
        if (headers.Arm is not null)
        {
            activity.SetTag(VariantsTelemetry.ArmTag, headers.Arm);
        }

        if (headers.DecisionId is not null)
        {
            activity.SetTag(VariantsTelemetry.DecisionTag, headers.DecisionId);
        }
    }

    /// <summary>How many movies were scored: the catalogue minus the user's rated movies and the excluded ones.</summary>
    private static int CandidateCount(FeatureState state, int userId, HashSet<int>? exclude)
    {
        var rated = state.RatedBy(userId);
        var removed = rated.Count(state.Movies.ContainsKey);
        if (exclude is not null)
        {
            removed += exclude.Count(id => state.Movies.ContainsKey(id) && !rated.Contains(id));
        }

        return state.CatalogueIds.Count - removed;
    }
}
