using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Neptune.Streams.Lambda.Hosting;

/// <summary>
/// Writes one JSON object per log entry (timestamp, level, category, message, the structured fields and the
/// scope's fields such as shard, sequence number and Neptune event id), as CloudWatch Logs Insights reads them; or,
/// with <see cref="ReadableLines"/>, one readable line per entry for a person at a terminal.
/// </summary>
internal sealed class JsonConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
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

    /// <summary>
    /// The provider functions use by default, on standard error: JSON lines in Lambda (<c>AWS_LAMBDA_FUNCTION_NAME</c>
    /// is set) or when standard error is redirected to a file or a pipe, readable lines on a terminal.
    /// </summary>
    public static JsonConsoleLoggerProvider ForStandardError() => new(Console.Error)
    {
        ReadableLines = Environment.GetEnvironmentVariable(LambdaEnvironmentVariables.FunctionName) is null && !Console.IsErrorRedirected,
    };

    /// <summary>
    /// Whether entries are written as readable lines (<c>12:00:01.250 warn  Category: message</c>, the scope's fields
    /// after warnings and errors, the exception below) instead of JSON.
    /// </summary>
    /// <value>false: JSON lines.</value>
    public bool ReadableLines { get; init; }

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
        if (ReadableLines)
        {
            WriteReadable(category, level, state, exception, formatter);
            return;
        }

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

    private void WriteReadable<TState>(string category, LogLevel level, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = new System.Text.StringBuilder(160);
        line.Append(DateTimeOffset.Now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture))
            .Append(' ').Append(ShortLevel(level)).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
        if (level >= LogLevel.Warning)
        {
            // Where it happened (shard, sequence number, Neptune event id) matters for a warning, not for every line.
            _scopes.ForEachScope(static (scope, text) => AppendFields(text, scope), line);
        }

        if (exception is not null)
        {
            line.AppendLine().Append("      ").Append(exception);
        }

        lock (_gate)
        {
            _writer.WriteLine(line.ToString());
            _writer.Flush();
        }
    }

    private static string ShortLevel(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private static void AppendFields(System.Text.StringBuilder text, object? scope)
    {
        if (scope is not IEnumerable<KeyValuePair<string, object?>> fields)
        {
            return;
        }

        foreach (var (key, value) in fields)
        {
            if (key != "{OriginalFormat}")
            {
                text.Append(' ').Append(key).Append('=').Append(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            }
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
                case long l:
                    json.WriteNumber(key, l); // exact: a double loses integers above 2^53
                    break;
                case ulong ul:
                    json.WriteNumber(key, ul);
                    break;
                case decimal m:
                    json.WriteNumber(key, m);
                    break;
                case int or double or float or short or uint or ushort or byte or sbyte:
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
