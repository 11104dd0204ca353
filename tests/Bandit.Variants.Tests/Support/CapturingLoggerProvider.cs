using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Bandit.Variants.Tests.Support;

/// <summary>
/// Keeps everything every logger of a host writes, at every level: the formatted message, each structured value
/// (a value could carry what the message leaves out), scopes and the full exception text, to search for secrets.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Entries => [.. _entries];

    /// <summary>The entries whose text contains <paramref name="text"/> (ordinal).</summary>
    public IReadOnlyList<string> Containing(string text) => [.. _entries.Where(e => e.Contains(text, StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append($" | {key}={value}");
                }
            }

            provider._scopes.ForEachScope((scope, sb) => sb.Append($" | scope={scope}"), text);
            if (exception is not null)
            {
                text.Append(" | ").Append(exception);
            }

            provider._entries.Enqueue(text.ToString());
        }
    }
}
