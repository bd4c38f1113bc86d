using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Neptune.Streams.Pump.Kinesis;

/// <summary>
/// An in-process Kinesis data stream, the embedded default of the local stack: records go to shards by the MD5 hash of
/// their partition key as in Kinesis, sequence numbers are increasing decimal strings, iterators never expire, and the
/// <c>PutRecords</c> limits (500 records, 5 MiB, 1 MiB per record) are enforced. Thread-safe.
/// </summary>
public sealed class InMemoryKinesis : IKinesisClient
{
    private static readonly BigInteger HashSpace = BigInteger.One << 128;

    // Sequence numbers are 496 followed by the record's count in 53 digits: 56 digits, as Kinesis writes them.
    private const string SequencePrefix = "496";
    private const int SequenceDigits = 53;
    private readonly object _gate = new();
    private readonly Dictionary<string, List<InMemoryShard>> _streams = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly string _region;
    private long _sequence;

    /// <summary>Creates an empty Kinesis.</summary>
    /// <param name="timeProvider">The clock of arrival timestamps; the system clock by default.</param>
    /// <param name="region">The region written into stream ARNs.</param>
    public InMemoryKinesis(TimeProvider? timeProvider = null, string region = "us-east-1")
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _region = region;
    }

    /// <summary>
    /// Fault injection for tests and chaos runs: called for each entry of a <c>PutRecords</c> call; a non-null answer
    /// (an error code such as <c>ProvisionedThroughputExceededException</c>) fails that entry.
    /// </summary>
    public Func<KinesisPutEntry, string?>? PutFault { get; set; }

    /// <summary>The total number of records written, over all streams.</summary>
    public long RecordCount
    {
        get
        {
            lock (_gate)
            {
                return _streams.Values.SelectMany(s => s).Sum(s => (long)s.Records.Count);
            }
        }
    }

    /// <summary>The ARN of a stream of this Kinesis.</summary>
    public string StreamArn(string streamName) => $"arn:aws:kinesis:{_region}:000000000000:stream/{streamName}";

    /// <inheritdoc />
    public Task CreateStreamAsync(string streamName, int shardCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamName);
        if (shardCount is < 1 or > 1000)
        {
            throw new KinesisException("InvalidArgumentException", "ShardCount must be from 1 to 1000.", 400);
        }

        lock (_gate)
        {
            if (_streams.ContainsKey(streamName))
            {
                throw new KinesisException("ResourceInUseException", $"Stream {streamName} exists already.", 400);
            }

            BigInteger width = HashSpace / shardCount;
            var shards = new List<InMemoryShard>(shardCount);
            for (int i = 0; i < shardCount; i++)
            {
                shards.Add(new InMemoryShard
                {
                    ShardId = string.Create(CultureInfo.InvariantCulture, $"shardId-{i:D12}"),
                    StartingHashKey = width * i,
                    EndingHashKey = i == shardCount - 1 ? HashSpace - 1 : (width * (i + 1)) - 1,
                });
            }

            _streams.Add(streamName, shards);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<KinesisPutResult> PutRecordsAsync(string streamName, IReadOnlyList<KinesisPutEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count is 0 or > 500)
        {
            throw new KinesisException("InvalidArgumentException", "PutRecords takes 1 to 500 records.", 400);
        }

        if (entries.Sum(e => (long)e.Size) > 5 * 1024 * 1024)
        {
            throw new KinesisException("InvalidArgumentException", "PutRecords takes at most 5 MiB.", 400);
        }

        lock (_gate)
        {
            List<InMemoryShard> shards = Shards(streamName);
            var results = new List<KinesisPutEntryResult>(entries.Count);
            DateTimeOffset now = _timeProvider.GetUtcNow();
            foreach (KinesisPutEntry entry in entries)
            {
                if (entry.Size > 1024 * 1024 || entry.PartitionKey.Length is 0 or > 256)
                {
                    throw new KinesisException("InvalidArgumentException", "A record is over 1 MiB or its partition key is not 1 to 256 characters.", 400);
                }

                string? fault = PutFault?.Invoke(entry);
                if (fault is not null)
                {
                    results.Add(new KinesisPutEntryResult(null, null, fault, "Injected fault."));
                    continue;
                }

                InMemoryShard shard = ShardFor(shards, entry.PartitionKey);
                string sequence = Sequence(++_sequence);
                shard.Records.Add(new KinesisRecord(sequence, entry.PartitionKey, entry.Data.ToArray(), now));
                results.Add(new KinesisPutEntryResult(shard.ShardId, sequence));
            }

            return Task.FromResult(new KinesisPutResult(results));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<KinesisShard>> ListShardsAsync(string streamName, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<KinesisShard> shards = [.. Shards(streamName).Select(s => new KinesisShard(
                s.ShardId, s.StartingHashKey.ToString(CultureInfo.InvariantCulture), s.EndingHashKey.ToString(CultureInfo.InvariantCulture)))];
            return Task.FromResult(shards);
        }
    }

    /// <inheritdoc />
    public Task<KinesisStreamSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(new KinesisStreamSummary(streamName, StreamArn(streamName), "ACTIVE", Shards(streamName).Count));
        }
    }

    /// <inheritdoc />
    public Task<string> GetShardIteratorAsync(
        string streamName, string shardId, ShardIteratorKind type, string? sequenceNumber = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            List<InMemoryShard> shards = Shards(streamName);
            int shardIndex = shards.FindIndex(s => s.ShardId == shardId);
            if (shardIndex < 0)
            {
                throw new KinesisException("ResourceNotFoundException", $"Shard {shardId} of stream {streamName} not found.", 400);
            }

            InMemoryShard shard = shards[shardIndex];
            int position = type switch
            {
                ShardIteratorKind.TrimHorizon => 0,
                ShardIteratorKind.Latest => shard.Records.Count,
                _ when sequenceNumber is null => throw new KinesisException("InvalidArgumentException", "StartingSequenceNumber is required.", 400),
                ShardIteratorKind.AtSequenceNumber => shard.IndexOf(sequenceNumber, after: false),
                _ => shard.IndexOf(sequenceNumber, after: true),
            };
            return Task.FromResult(Iterator(streamName, shardIndex, position));
        }
    }

    /// <inheritdoc />
    public Task<KinesisGetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 10_000)
        {
            throw new KinesisException("InvalidArgumentException", "Limit must be from 1 to 10000.", 400);
        }

        string[] parts = Encoding.UTF8.GetString(Convert.FromBase64String(shardIterator)).Split('\n');
        if (parts.Length != 3)
        {
            throw new KinesisException("InvalidArgumentException", "Invalid ShardIterator.", 400);
        }

        int shardIndex = int.Parse(parts[1], CultureInfo.InvariantCulture);
        int position = int.Parse(parts[2], CultureInfo.InvariantCulture);
        lock (_gate)
        {
            InMemoryShard shard = Shards(parts[0])[shardIndex];
            int count = Math.Min(limit, shard.Records.Count - position);
            IReadOnlyList<KinesisRecord> records = count > 0 ? shard.Records.GetRange(position, count) : [];
            long behind = shard.Records.Count > position + count
                ? (long)(_timeProvider.GetUtcNow() - shard.Records[position + count].ApproximateArrivalTimestamp).TotalMilliseconds
                : 0;
            return Task.FromResult(new KinesisGetRecordsResult(records, Iterator(parts[0], shardIndex, position + Math.Max(count, 0)), behind));
        }
    }

    /// <summary>
    /// The shard that takes <paramref name="partitionKey"/>: the one whose hash key range holds its MD5 hash, or the only
    /// one (which holds every hash: a put with one shard, the local stack's, needs no hash).
    /// </summary>
    private static InMemoryShard ShardFor(List<InMemoryShard> shards, string partitionKey)
    {
        if (shards.Count == 1)
        {
            return shards[0];
        }

        BigInteger hashKey = HashKey(partitionKey);
        foreach (InMemoryShard shard in shards)
        {
            if (shard.Takes(hashKey))
            {
                return shard;
            }
        }

        throw new InvalidOperationException("The shards' hash key ranges do not cover the hash space.");
    }

    /// <summary>The sequence number of the <paramref name="count"/>th record put, over all streams.</summary>
    internal static string Sequence(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return string.Create(SequencePrefix.Length + SequenceDigits, count, static (text, count) =>
        {
            SequencePrefix.CopyTo(text);
            count.TryFormat(text[SequencePrefix.Length..], out _, "D53", CultureInfo.InvariantCulture);
        });
    }

    /// <summary>The 128-bit MD5 hash key Kinesis maps a partition key with.</summary>
    internal static BigInteger HashKey(string partitionKey)
    {
#pragma warning disable CA5351 // Kinesis itself maps partition keys to shards with MD5; this is not used for security.
        byte[] hash = MD5.HashData(Encoding.UTF8.GetBytes(partitionKey));
#pragma warning restore CA5351
        return new BigInteger(hash, isUnsigned: true, isBigEndian: true);
    }

    private static string Iterator(string streamName, int shardIndex, int position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{streamName}\n{shardIndex}\n{position}")));

    private List<InMemoryShard> Shards(string streamName) =>
        _streams.TryGetValue(streamName, out var shards)
            ? shards
            : throw new KinesisException("ResourceNotFoundException", $"Stream {streamName} not found.", 400);
}
