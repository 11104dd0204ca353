using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>Hands out loggers that keep every message but drop the exception (and so its stack trace) attached to it.
/// Given only to Polly: its messages already carry the exception's message as their <c>Result</c>.</summary>
internal sealed class TracelessLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new TracelessLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory is the host's (or Polly's default): its owner disposes it.
    public void Dispose()
    {
    }

    private sealed class TracelessLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, null, formatter);
    }
}
