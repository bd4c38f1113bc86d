using Microsoft.Extensions.Logging;

namespace Neptune.Streams.TestSupport;

/// <summary>
/// A logger provider that keeps every log line as text (<c>level message exception</c>), for tests that check what
/// was logged and what was not (property values). Tests derive from it to keep their handlers' calls beside the logs.
/// </summary>
public class LogCapture : ILoggerProvider, ILogger
{
    /// <summary>The lines logged so far, in order.</summary>
    public List<string> Logs { get; } = [];

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => this;

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (Logs)
        {
            Logs.Add($"{logLevel} {formatter(state, exception)} {exception}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        GC.SuppressFinalize(this);
    }
}
