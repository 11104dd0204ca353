using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bandit.Mlflow.Watching;

/// <summary>One followed alias, wired the same way in every service that follows one (Variants, the Router).</summary>
public static class AliasWatcherServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <see cref="AliasWatcher"/> following what <paramref name="options"/> names and calling the handler
    /// <paramref name="onChanged"/> gives; runs it for the life of the host; adds the <see cref="MlflowWebhookReceiver"/>
    /// that triggers it, asking <paramref name="webhookSecret"/> at every delivery (so a reloaded secret applies); and a
    /// readiness check <paramref name="healthCheckName"/> (tag <c>ready</c>). Needs an <see cref="MlflowClient"/>
    /// (<see cref="MlflowServiceCollectionExtensions"/>); takes a registered <see cref="TimeProvider"/> when there is one.
    /// </summary>
    public static IServiceCollection AddAliasWatcher(this IServiceCollection services, string healthCheckName,
        Func<IServiceProvider, AliasWatcherOptions> options,
        Func<IServiceProvider, Func<AliasChange, CancellationToken, Task>> onChanged,
        Func<IServiceProvider, string?> webhookSecret)
    {
        services.AddSingleton(sp => new AliasWatcher(
            sp.GetRequiredService<MlflowClient>(),
            options(sp),
            onChanged(sp),
            sp.GetRequiredService<ILogger<AliasWatcher>>(),
            sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new MlflowWebhookReceiver(
            () => webhookSecret(sp),
            [sp.GetRequiredService<AliasWatcher>()],
            sp.GetRequiredService<ILogger<MlflowWebhookReceiver>>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService<AliasWatcherService>();
        services.AddHealthChecks().AddAliasWatcher(healthCheckName, sp => sp.GetRequiredService<AliasWatcher>(), "ready");
        return services;
    }

    /// <summary>Runs the watcher for the life of the host; the first poll (and so the first load) starts at once.</summary>
    private sealed class AliasWatcherService(AliasWatcher watcher) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => watcher.RunAsync(stoppingToken);
    }
}
