using Bandit.Mlflow.Watching;
using Bandit.Variants.Apis;
using Bandit.Variants.Extensions;

// One Variants instance serves the model behind one registry alias (Variant:Alias = PolicyA | PolicyB of
// Variant:ModelName) and follows it: polls every Variant:PollInterval, or sooner on an MLflow webhook.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

return await builder.RunServiceAsync(app =>
{
    app.UseExceptionHandler();
    app.UseStatusCodePages();

    app.MapRecommendApi();
    app.MapModelApi();
    app.MapMlflowWebhook("/webhooks/mlflow");
    app.MapDefaultEndpoints();
});
