using Bandit.Registry.Extensions;
using Bandit.Registry.Infrastructure;
using Bandit.Registry.Model;
using Bandit.Registry.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace Bandit.Registry.Apis;

/// <summary>The artifact proxy, as <c>mlflow server --serve-artifacts</c> offers it: <c>/api/2.0/mlflow-artifacts/artifacts</c>.</summary>
public static class ArtifactsApi
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapArtifactsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/2.0/mlflow-artifacts/artifacts").WithTags("Artifacts");
        api.MapGet("", ListArtifacts);
        api.MapGet("/{**path}", DownloadArtifact);
        api.MapPut("/{**path}", UploadArtifact);
        return app;
    }

    /// <summary>Lists the folder at <c>?path=</c> (the root without it); a missing folder lists as <c>{}</c>, as in MLflow.</summary>
    public static Ok<FilesResponse> ListArtifacts(HttpRequest request, ArtifactStore store) =>
        TypedResults.Ok(new FilesResponse(store.List(request.Query["path"].LastOrDefault()).NullIfEmpty()));

    public static PhysicalFileHttpResult DownloadArtifact(string path, ArtifactStore store)
    {
        var file = store.GetFile(Decode(path));
        return TypedResults.PhysicalFile(file.FullName, ContentType(file.Name), fileDownloadName: file.Name);
    }

    /// <summary>Stores the raw body at the path (an upsert), up to <see cref="RegistryOptions.MaxArtifactBytes"/>.</summary>
    public static async Task<Ok<EmptyResponse>> UploadArtifact(string path, HttpRequest request, ArtifactStore store, IOptions<RegistryOptions> options, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxArtifactBytes;
        if (request.ContentLength > max)
        {
            throw new RegistryException(StatusCodes.Status413PayloadTooLarge, ErrorCodes.ResourceLimitExceeded, $"Artifact is {request.ContentLength} bytes; the limit is {max}.");
        }

        await store.WriteAsync(Decode(path), request.Body, max, cancellationToken);
        return TypedResults.Ok(new EmptyResponse());
    }

    // Kestrel decodes the path except %2F; an encoded slash is a separator, as MLflow reads it (and then checked like any other).
    private static string Decode(string path) => path.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static string ContentType(string name) =>
        ContentTypes.TryGetContentType(name, out var type) ? type
        : name is "MLmodel" or "MLproject" or "conda.yaml" ? "text/plain"
        : "application/octet-stream";
}
