using Bandit.Registry.Extensions;

// The MLflow-REST-compatible registry (tracking, artifacts, model registry) for running without containers.
// Data: Registry:DataDir (default ./mlflow-data). Port: --urls / ASPNETCORE_URLS (launch profile: 5000, like MLflow).
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

return await builder.RunServiceAsync(app =>
{
    app.MapRegistryApis();
    app.MapDefaultEndpoints();
});
