using System.Text.RegularExpressions;
using Bandit.Mlflow;
using Bandit.Ui.Upstream;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bandit.Ui.Apis;

/// <summary>
/// <c>GET /artifacts/{runId}/{path}</c>: a run's plot or report from MLflow, so the Report page can show the
/// Trainer's images without the browser talking to MLflow. Images and text only; no path outside the run.
/// </summary>
public static partial class ArtifactsApi
{
    private static readonly Dictionary<string, string> _contentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".md"] = "text/plain; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
        [".json"] = "text/plain; charset=utf-8",
        [".csv"] = "text/plain; charset=utf-8",
    };

    public static IEndpointRouteBuilder MapArtifactsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/artifacts/{runId}/{**path}", GetArtifact).WithTags("Report");
        return app;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetArtifact(
        string runId, string path, MlflowClient mlflow, HttpContext context, CancellationToken cancellationToken)
    {
        path = Uri.UnescapeDataString(path); // a catch-all keeps %2F escaped: judge the path the store would see
        if (!RunId().IsMatch(runId) || path.Contains('\\') || path.Split('/').Any(s => s is "" or "." or "..") || !_contentTypes.TryGetValue(Path.GetExtension(path), out var contentType))
        {
            return TypedResults.Problem("a run id and a relative path to an image or text file (png, jpg, gif, md, txt, json, csv).", statusCode: StatusCodes.Status400BadRequest, title: "bad artifact request");
        }

        try
        {
            var run = await mlflow.GetRunAsync(runId, cancellationToken);
            if (run.Info.ArtifactUri is not { } uri)
            {
                return TypedResults.Problem($"run {runId} has no artifact location.", statusCode: StatusCodes.Status404NotFound, title: "no artifacts");
            }

            var bytes = await mlflow.DownloadArtifactAsync(uri, path, cancellationToken);
            context.Response.Headers.CacheControl = "private, max-age=60";
            return TypedResults.File(bytes, contentType);
        }
        catch (MlflowException e) when (e.IsNotFound || e.IsInvalidParameter || e.StatusCode == System.Net.HttpStatusCode.InternalServerError)
        {
            // MLflow answers a missing artifact with 500 INTERNAL_ERROR (see MLFLOW-REST.md).
            return TypedResults.Problem($"{path} is not an artifact of run {runId}.", statusCode: StatusCodes.Status404NotFound, title: "artifact not found");
        }
        catch (Exception e) when (UpstreamErrors.IsCallFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            var described = UpstreamErrors.Describe(UpstreamErrors.Mlflow, mlflow.TrackingUri, e);
            return TypedResults.Problem(described.Message, statusCode: StatusCodes.Status502BadGateway, title: "MLflow unavailable");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex RunId();
}
