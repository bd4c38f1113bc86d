using System.Text.Json.Serialization;

namespace Neptune.Streams.Lambda.Hosting;

/// <summary>The error body the Runtime API takes on <c>/invocation/{id}/error</c> and <c>/init/error</c>.</summary>
internal sealed class RuntimeError
{
    /// <summary>What went wrong, for a person.</summary>
    [JsonPropertyName("errorMessage")]
    public string ErrorMessage { get; init; } = string.Empty;

    /// <summary>The exception's type name.</summary>
    [JsonPropertyName("errorType")]
    public string ErrorType { get; init; } = string.Empty;

    /// <summary>The stack trace, one frame a line.</summary>
    [JsonPropertyName("stackTrace")]
    public IReadOnlyList<string> StackTrace { get; init; } = [];

    /// <summary>The category Lambda shows (<c>Lambda-Runtime-Function-Error-Type</c>), e.g. <c>Runtime.InvalidEvent</c>.</summary>
    [JsonIgnore]
    public string Category { get; init; } = "Runtime.UnhandledException";

    public static RuntimeError From(Exception exception, string category)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string[] frames = exception.StackTrace is { } trace
            ? trace.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        return new RuntimeError
        {
            ErrorMessage = exception.Message,
            ErrorType = exception.GetType().Name,
            StackTrace = frames,
            Category = category,
        };
    }
}
