using Bandit.Allocation;

namespace Bandit.Router.Experiment.Registry;

/// <summary>Writes a router config back to the registry: a new version of the config model, with the live alias moved to it.</summary>
public interface IRouterConfigPublisher
{
    /// <summary>The <c>models:/name@alias</c> URI the config is published under (and followed from).</summary>
    string SourceUri { get; }

    /// <summary>Publishes <paramref name="config"/> and returns the new version. Throws <see cref="RegistryUnavailableException"/> when the registry cannot be reached or refuses.</summary>
    Task<string> PublishAsync(RouterConfig config, string reason, CancellationToken cancellationToken = default);
}

/// <summary>The registry could not be reached, or failed: nothing was published.</summary>
public sealed class RegistryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
