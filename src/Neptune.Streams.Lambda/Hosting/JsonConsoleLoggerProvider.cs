using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Neptune.Streams.Lambda.Hosting;

/// <summary>
/// Writes one JSON object per log entry (timestamp, level, category, message, the structured fields and the
/// scope's fields such as shard, sequence number and Neptune event id), as CloudWatch Logs Insights reads them.
/// </summary>
public sealed class JsonConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly TextWriter _writer;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, JsonLogger> _loggers = new(StringComparer.Ordinal);
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Creates a provider that writes to <paramref name="writer"/> (standard error in Lambda and locally).</summary>
    public JsonConsoleLoggerProvider(TextWriter writer)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
    }

    /// <summary>The lowest level written.</summary>
    /// <value><see cref="LogLevel.Information"/>.</value>
    public LogLevel MinimumLevel { get; init; } = LogLevel.Information;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new JsonLogger(this, name));

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <inheritdoc />
    public void Dispose() => _loggers.Clear();

    private void Write<TState>(string category, LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow);
            json.WriteString("level", level.ToString());
            json.WriteString("category", category);
            json.WriteString("message", formatter(state, exception));
            if (eventId.Id != 0)
            {
                json.WriteNumber("eventId", eventId.Id);
            }

            WriteFields(json, state);
            _scopes.ForEachScope(static (scope, writer) => WriteFields(writer, scope), json);
            if (exception is not null)
            {
                json.WriteString("errorType", exception.GetType().FullName);
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
        }

        string line = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    private static void WriteFields(Utf8JsonWriter json, object? state)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> fields)
        {
            return;
        }

        foreach (var (key, value) in fields)
        {
            if (key == "{OriginalFormat}")
            {
                continue;
            }

            switch (value)
            {
                case null:
                    json.WriteNull(key);
                    break;
                case int or long or double or float or decimal or short:
                    json.WriteNumber(key, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case bool b:
                    json.WriteBoolean(key, b);
                    break;
                default:
                    json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    private sealed class JsonLogger(JsonConsoleLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(category, logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
