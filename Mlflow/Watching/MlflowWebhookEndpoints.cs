using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bandit.Mlflow.Watching;

/// <summary>Maps an MLflow registry webhook receiver.</summary>
public static class MlflowWebhookEndpoints
{
    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c> to <see cref="MlflowWebhookReceiver.HandleAsync"/>, using the receiver
    /// <paramref name="receiver"/> returns (by default the <see cref="MlflowWebhookReceiver"/> registered in DI).
    /// Register the webhook in MLflow with <c>events: [{entity: MODEL_VERSION_ALIAS, action: CREATED}, {…, action: DELETED}]</c>
    /// and the same secret.
    /// </summary>
    public static RouteHandlerBuilder MapMlflowWebhook(this IEndpointRouteBuilder endpoints, string pattern, Func<IServiceProvider, MlflowWebhookReceiver>? receiver = null)
    {
        var resolve = receiver ?? (static sp => sp.GetRequiredService<MlflowWebhookReceiver>());
        return endpoints.MapPost(pattern, (HttpContext context, CancellationToken cancellationToken) =>
                resolve(context.RequestServices).HandleAsync(context.Request, cancellationToken))
            .WithTags("MLflow")
            .ExcludeFromDescription();
    }
}
