using System.Text.Json.Serialization;

namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>The bounds of a tumbling window (ISO-8601 strings, as Lambda sends them).</summary>
public sealed class KinesisTimeWindow
{
    /// <summary>The window's start.</summary>
    [JsonPropertyName("start")]
    public string? Start { get; set; }

    /// <summary>The window's end.</summary>
    [JsonPropertyName("end")]
    public string? End { get; set; }
}
