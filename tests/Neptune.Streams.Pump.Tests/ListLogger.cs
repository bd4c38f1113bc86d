using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Neptune.Streams.Pump.Tests;

/// <summary>Keeps every log entry (level, event name, message) for assertions.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string? EventName, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Entries.Enqueue((logLevel, eventId.Name, formatter(state, exception)));
}
