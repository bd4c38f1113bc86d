using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>
/// Builds the Kinesis event Lambda's event source mapping sends a function: records of one shard with increasing
/// sequence numbers, partition keys and arrival times; plain, gzip-compressed or KPL-aggregated data. Get it as a
/// <see cref="KinesisEvent"/> (<see cref="Build"/>) or as the invocation payload a function's
/// <c>FunctionHandler(Stream)</c> reads (<see cref="ToPayload"/>, <see cref="ToStream"/>).
/// </summary>
public sealed class KinesisEventBuilder
{
    /// <summary>The shard id records get unless the constructor is given another.</summary>
    public const string DefaultShardId = "shardId-000000000000";

    /// <summary>The stream ARN records get unless the constructor is given another.</summary>
    public const string DefaultStreamArn = "arn:aws:kinesis:us-east-1:123456789012:stream/neptune-changes";

    /// <summary>The partition key of a record added without one.</summary>
    public const string DefaultPartitionKey = "neptune-changes";

    // A realistic 56-digit first sequence number; Kinesis numbers grow by large, irregular steps.
    private static readonly BigInteger FirstSequence = BigInteger.Parse("49656789012345678901234567890123456789012345678901234567", CultureInfo.InvariantCulture);
    private static readonly BigInteger SequenceStep = new(2_564_634_103_291);

    private readonly List<KinesisEventRecord> _records = [];
    private readonly string _region;
    private DateTimeOffset _arrival;

    /// <summary>Creates a builder for records of one shard.</summary>
    /// <param name="shardId">The shard the records come from.</param>
    /// <param name="streamArn">The ARN of the Kinesis stream.</param>
    /// <param name="firstArrival">When the first record arrived in Kinesis; each later one arrives a second after. Defaults to 2024-06-10T09:20:00Z.</param>
    public KinesisEventBuilder(string shardId = DefaultShardId, string streamArn = DefaultStreamArn, DateTimeOffset? firstArrival = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(shardId);
        ArgumentException.ThrowIfNullOrEmpty(streamArn);
        ShardId = shardId;
        StreamArn = streamArn;
        _region = streamArn.Split(':') is { Length: > 3 } parts && parts[3].Length > 0 ? parts[3] : "us-east-1";
        _arrival = firstArrival ?? DateTimeOffset.FromUnixTimeSeconds(1718011200);
    }

    /// <summary>The shard the records come from.</summary>
    public string ShardId { get; }

    /// <summary>The ARN of the Kinesis stream.</summary>
    public string StreamArn { get; }

    /// <summary>How many Kinesis records were added.</summary>
    public int Count => _records.Count;

    /// <summary>The sequence number the builder gives the record at <paramref name="index"/> (0 for the first).</summary>
    /// <param name="index">The record's position in the builder.</param>
    public static string SequenceNumberAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return (FirstSequence + (index * SequenceStep)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Adds a record with <paramref name="data"/> as its payload.</summary>
    /// <param name="data">The record's bytes.</param>
    /// <param name="partitionKey">The partition key; <see cref="DefaultPartitionKey"/> when null.</param>
    public KinesisEventBuilder AddBinaryRecord(ReadOnlySpan<byte> data, string? partitionKey = null)
    {
        string sequence = SequenceNumberAt(_records.Count);
        _records.Add(new KinesisEventRecord
        {
            Kinesis = new KinesisStreamRecord
            {
                KinesisSchemaVersion = "1.0",
                PartitionKey = partitionKey ?? DefaultPartitionKey,
                SequenceNumber = sequence,
                Data = Convert.ToBase64String(data),
                ApproximateArrivalTimestamp = _arrival.ToUnixTimeMilliseconds() / 1000.0,
            },
            EventSource = "aws:kinesis",
            EventVersion = "1.0",
            EventId = $"{ShardId}:{sequence}",
            EventName = "aws:kinesis:record",
            InvokeIdentityArn = "arn:aws:iam::123456789012:role/neptune-streams-consumer",
            AwsRegion = _region,
            EventSourceArn = StreamArn,
        });
        _arrival += TimeSpan.FromSeconds(1);
        return this;
    }

    /// <summary>Adds a record whose payload is <paramref name="data"/> in UTF-8 (a change record, say).</summary>
    /// <param name="data">The record's text.</param>
    /// <param name="partitionKey">The partition key; <see cref="DefaultPartitionKey"/> when null.</param>
    public KinesisEventBuilder AddRecord(string data, string? partitionKey = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return AddBinaryRecord(Encoding.UTF8.GetBytes(data), partitionKey);
    }

    /// <summary>Adds one record per change record of <paramref name="changes"/>, in order.</summary>
    /// <param name="changes">The Neptune changes.</param>
    /// <param name="partitionKey">The partition key of every record; <see cref="DefaultPartitionKey"/> when null.</param>
    public KinesisEventBuilder AddChanges(NeptuneChangeBuilder changes, string? partitionKey = null)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (string record in changes.Build())
        {
            AddRecord(record, partitionKey);
        }

        return this;
    }

    /// <summary>Adds a record whose payload is <paramref name="data"/> in UTF-8, gzip-compressed as a compressing producer writes it.</summary>
    /// <param name="data">The payload's text before compression.</param>
    /// <param name="partitionKey">The partition key; <see cref="DefaultPartitionKey"/> when null.</param>
    public KinesisEventBuilder AddGzipRecord(string data, string? partitionKey = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return AddBinaryRecord(Gzip.Compress(Encoding.UTF8.GetBytes(data)), partitionKey);
    }

    /// <summary>
    /// Adds one KPL-aggregated record holding <paramref name="userRecords"/> as its sub-records (the library
    /// deaggregates them; each gets the Kinesis record's sequence number and its index as sub-sequence number).
    /// </summary>
    /// <param name="userRecords">The sub-records' payloads, in UTF-8.</param>
    /// <param name="partitionKey">The partition key of the Kinesis record and of each sub-record; <see cref="DefaultPartitionKey"/> when null.</param>
    /// <param name="gzip">Whether each sub-record is gzip-compressed.</param>
    public KinesisEventBuilder AddAggregatedRecord(IEnumerable<string> userRecords, string? partitionKey = null, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(userRecords);
        string key = partitionKey ?? DefaultPartitionKey;
        var subRecords = new List<(string, byte[])>();
        foreach (string record in userRecords)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(record);
            subRecords.Add((key, gzip ? Gzip.Compress(bytes) : bytes));
        }

        if (subRecords.Count == 0)
        {
            throw new ArgumentException("A KPL aggregate holds at least one user record.", nameof(userRecords));
        }

        return AddBinaryRecord(KplAggregate.Pack(subRecords), key);
    }

    /// <summary>Adds one KPL-aggregated record holding the change records of <paramref name="changes"/>.</summary>
    /// <param name="changes">The Neptune changes.</param>
    /// <param name="partitionKey">The partition key; <see cref="DefaultPartitionKey"/> when null.</param>
    /// <param name="gzip">Whether each sub-record is gzip-compressed.</param>
    public KinesisEventBuilder AddAggregatedChanges(NeptuneChangeBuilder changes, string? partitionKey = null, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return AddAggregatedRecord(changes.Build(), partitionKey, gzip);
    }

    /// <summary>The records added so far, each a new copy (a builder can build many events).</summary>
    public IReadOnlyList<KinesisEventRecord> BuildRecords() => [.. _records.Select(Copy)];

    /// <summary>The Kinesis event holding every record added.</summary>
    public KinesisEvent Build() => new() { Records = [.. _records.Select(Copy)] };

    /// <summary>The event as the UTF-8 JSON payload Lambda sends (<c>{"Records":[…]}</c>).</summary>
    public byte[] ToPayload() => LambdaPayloadJson.Serialize(Build());

    /// <summary>The payload as a stream positioned at its start, as <c>FunctionHandler(Stream)</c> receives it.</summary>
    public Stream ToStream() => new MemoryStream(ToPayload(), writable: false);

    internal static KinesisEventRecord Copy(KinesisEventRecord record) => new()
    {
        Kinesis = new KinesisStreamRecord
        {
            KinesisSchemaVersion = record.Kinesis.KinesisSchemaVersion,
            PartitionKey = record.Kinesis.PartitionKey,
            SequenceNumber = record.Kinesis.SequenceNumber,
            Data = record.Kinesis.Data,
            ApproximateArrivalTimestamp = record.Kinesis.ApproximateArrivalTimestamp,
            EncryptionType = record.Kinesis.EncryptionType,
        },
        EventSource = record.EventSource,
        EventVersion = record.EventVersion,
        EventId = record.EventId,
        EventName = record.EventName,
        InvokeIdentityArn = record.InvokeIdentityArn,
        AwsRegion = record.AwsRegion,
        EventSourceArn = record.EventSourceArn,
    };
}
