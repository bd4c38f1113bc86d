using System.Globalization;
using System.Text.Json;

namespace Neptune.Streams.Local.EventSourceMapping;

/// <summary>
/// What Lambda sends to a Kinesis event source mapping's on-failure destination: the batch's location (never the
/// records themselves), why, and how often it was tried. <see cref="ToJson"/> writes Lambda's message shape.
/// </summary>
public sealed class OnFailureRecord
{
    /// <summary>A new id per message.</summary>
    public string RequestId { get; init; } = Guid.NewGuid().ToString();

    /// <summary>The function's ARN.</summary>
    public required string FunctionArn { get; init; }

    /// <summary>Why the records were given up.</summary>
    public required OnFailureCondition Condition { get; init; }

    /// <summary>How many times the batch was invoked.</summary>
    public required int ApproximateInvokeCount { get; init; }

    /// <summary>The error of the last invocation (<c>Unhandled</c> for a thrown exception), or null for a partial failure.</summary>
    public string? FunctionError { get; init; }

    /// <summary>When the batch was given up.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The shard.</summary>
    public required string ShardId { get; init; }

    /// <summary>The first record's sequence number.</summary>
    public required string StartSequenceNumber { get; init; }

    /// <summary>The last record's sequence number.</summary>
    public required string EndSequenceNumber { get; init; }

    /// <summary>When the first record arrived in Kinesis.</summary>
    public required DateTimeOffset ApproximateArrivalOfFirstRecord { get; init; }

    /// <summary>When the last record arrived in Kinesis.</summary>
    public required DateTimeOffset ApproximateArrivalOfLastRecord { get; init; }

    /// <summary>How many records were given up.</summary>
    public required int BatchSize { get; init; }

    /// <summary>The stream's ARN.</summary>
    public required string StreamArn { get; init; }

    /// <summary>Lambda's on-failure message: <c>{requestContext, responseContext, version, timestamp, KinesisBatchInfo}</c>.</summary>
    public string ToJson()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("requestContext");
            w.WriteString("requestId", RequestId);
            w.WriteString("functionArn", FunctionArn);
            w.WriteString("condition", Condition.ToString());
            w.WriteNumber("approximateInvokeCount", ApproximateInvokeCount);
            w.WriteEndObject();
            w.WriteStartObject("responseContext");
            w.WriteNumber("statusCode", 200);
            w.WriteString("executedVersion", "$LATEST");
            w.WriteString("functionError", FunctionError);
            w.WriteEndObject();
            w.WriteString("version", "1.0");
            w.WriteString("timestamp", Iso(Timestamp));
            w.WriteStartObject("KinesisBatchInfo");
            w.WriteString("shardId", ShardId);
            w.WriteString("startSequenceNumber", StartSequenceNumber);
            w.WriteString("endSequenceNumber", EndSequenceNumber);
            w.WriteString("approximateArrivalOfFirstRecord", Iso(ApproximateArrivalOfFirstRecord));
            w.WriteString("approximateArrivalOfLastRecord", Iso(ApproximateArrivalOfLastRecord));
            w.WriteNumber("batchSize", BatchSize);
            w.WriteString("streamArn", StreamArn);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
