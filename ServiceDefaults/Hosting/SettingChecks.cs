using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A plain setting (a connection string, a URL) checked the way options are validated: when the host starts —
/// <see cref="ServiceRunner"/> checks first, so a bad value is one "invalid configuration" line and exit 2 — rather than
/// thrown from the first code that uses it, deep in a stack trace.
/// </summary>
public static class SettingChecks
{
    /// <summary>Checks configuration key <paramref name="key"/> on start; <paramref name="problem"/> says what is wrong
    /// with its value (null when nothing is, or when the value is absent and that is allowed).</summary>
    public static IServiceCollection CheckSettingOnStart(this IServiceCollection services, string key, Func<string?, string?> problem)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SettingCheck>, SettingCheckValidator>());
        services.AddOptions<SettingCheck>(key)
            .Configure<IConfiguration>((check, configuration) => check.Problem = problem(configuration[key]))
            .ValidateOnStart();
        return services;
    }

    /// <summary>One checked setting (the options name is its key) and what is wrong with it.</summary>
    public sealed class SettingCheck
    {
        public string? Problem { get; set; }
    }

    private sealed class SettingCheckValidator : IValidateOptions<SettingCheck>
    {
        public ValidateOptionsResult Validate(string? name, SettingCheck options) =>
            options.Problem is { } problem ? ValidateOptionsResult.Fail($"{name}: {problem}") : ValidateOptionsResult.Success;
    }
}
