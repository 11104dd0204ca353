namespace Bandit.Registry.Apis;

/// <summary><c>GET /version</c>, as <c>mlflow server</c> answers it (<c>/health</c> is ServiceDefaults' and answers "OK").</summary>
public static class ServerApi
{
    /// <summary>The MLflow REST API level this registry follows (checked against a real 3.6 server).</summary>
    public const string CompatibleMlflowVersion = "3.6.0";

    public static IEndpointRouteBuilder MapServerApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/version", () => TypedResults.Text(CompatibleMlflowVersion)).WithTags("Server");
        return app;
    }
}
