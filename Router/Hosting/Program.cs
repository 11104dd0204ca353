using Bandit.Router.Hosting;

// The Router: POST /choose picks an arm and proxies to its variant (YARP), POST /update takes the reward,
// GET /stats and /config show the live experiment, /admin/* switches strategy (through the registry) or resets.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

return await builder.RunServiceAsync(app =>
{
    app.MapRouterApis();
    app.MapDefaultEndpoints();
});
