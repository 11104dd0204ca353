using Bandit.Router.Common;
using Bandit.Router.Experiment;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace Bandit.Router.Choosing;

/// <summary>YARP for <c>POST /choose</c>: routes and clusters from code, the choose step, passive health.</summary>
public static class ChooseProxyExtensions
{
    /// <summary>Registers YARP with <see cref="ArmProxyConfig"/> as its config, a response transform that holds back a
    /// variant's 5xx body (so the step can retry elsewhere), a connect timeout, and passive health windows of
    /// <c>Router:UnhealthyFor</c>.</summary>
    public static IServiceCollection AddChooseProxy(this IServiceCollection services)
    {
        services.AddSingleton<ArmProxyConfig>();
        services.AddSingleton<Yarp.ReverseProxy.Configuration.IProxyConfigProvider>(sp => sp.GetRequiredService<ArmProxyConfig>().Provider);
        services.AddReverseProxy().AddServiceDiscoveryDestinationResolver().AddTransforms(context => context.AddResponseTransform(response =>
        {
            // Not copied to the client: the choose step answers (or retries) instead.
            if (response.ProxyResponse is { } proxied && (int)proxied.StatusCode >= 500)
            {
                response.SuppressResponseBody = true;
            }

            return ValueTask.CompletedTask;
        }));
        services.AddSingleton<IForwarderHttpClientFactory, VariantHttpClientFactory>();
        services.AddSingleton<ArmChooser>();
        services.AddSingleton<ArmForwarder>();
        services.AddSingleton<ChoiceOutcomes>();
        services.AddSingleton<ChooseProxyStep>();
        services.Configure<OpenApiOptions>("v1", openApi => openApi.AddDocumentTransformer<ChooseOpenApi>());
        return services;
    }

    /// <summary>Maps YARP's endpoints with the choose step first in its pipeline.</summary>
    public static IEndpointRouteBuilder MapChooseProxy(this IEndpointRouteBuilder app)
    {
        var step = app.ServiceProvider.GetRequiredService<ChooseProxyStep>();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use((context, next) => step.InvokeAsync(context, () => next()));
            proxy.UseSessionAffinity();
            // No YARP passive health: ArmHealth is the one record of failed arms (it also counts 5xx, which YARP's does not).
            proxy.UseLoadBalancing();
        });
        return app;
    }

    /// <summary>YARP's client with a bounded connect time, so a variant that does not accept connections fails fast, and the
    /// small /choose body sent with its headers (<see cref="SingleWriteBodyHandler"/>).</summary>
    private sealed class VariantHttpClientFactory(IOptions<RouterOptions> options, ILogger<ForwarderHttpClientFactory> logger) : ForwarderHttpClientFactory(logger)
    {
        protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
        {
            base.ConfigureHandler(context, handler);
            handler.ConnectTimeout = options.Value.VariantConnectTimeout;
        }

        protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
            new SingleWriteBodyHandler(base.WrapHandler(context, handler));
    }
}
