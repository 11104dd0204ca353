using Bandit.Ui.Apis;
using Bandit.Ui.Extensions;

// The Ui: Try it (recommendations and clicks through the Router), Experiment (live traffic, CTR, posteriors),
// Models (registry versions, metrics, promote, strategy) and the offline Report, all rendered on the server.
// Changes to the experiment need an operator's sign-in and go through the Router's admin API.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

return await builder.RunServiceAsync(app =>
{
    // A friendly page in every environment: never a stack trace or the developer exception page.
    app.UseExceptionHandler("/error");
    app.UseStatusCodePagesWithReExecute("/error", "?status={0}");
    app.UseStaticFiles();
    app.UseAuthentication();
    app.UseAuthorization();

    app.MapRazorPages();
    app.MapArtifactsApi();
    app.MapDefaultEndpoints();

    app.LogStartup();
});
