using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Amazon.Runtime;
using Neptune.Streams.Pump.Neptune;

namespace Neptune.Streams.Pump.Kinesis;

/// <summary>
/// Kinesis Data Streams over its JSON 1.1 HTTP API (<c>X-Amz-Target: Kinesis_20131202.*</c>), signed with SigV4 for
/// service <c>kinesis</c>: real Kinesis, or moto_server in tests. AWSSDK.Kinesis is not needed.
/// </summary>
public sealed class KinesisHttpClient : IKinesisClient, IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.1");
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly bool _ownsClient;

    /// <summary>Uses <paramref name="http"/> (which must sign requests) against <paramref name="endpoint"/>.</summary>
    public KinesisHttpClient(HttpClient http, Uri endpoint)
        : this(http, endpoint, ownsClient: false)
    {
    }

    private KinesisHttpClient(HttpClient http, Uri endpoint, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        _http = http;
        _endpoint = endpoint;
        _ownsClient = ownsClient;
    }

    /// <summary>A client for <paramref name="endpoint"/> (e.g. <c>https://kinesis.us-east-1.amazonaws.com</c> or moto's URL).</summary>
    public static KinesisHttpClient Create(Uri endpoint, AWSCredentials credentials, string region)
        => new(NeptuneHttp.Create(credentials, region, "kinesis", TimeSpan.FromSeconds(30)), endpoint, ownsClient: true);

    /// <inheritdoc />
    public async Task<KinesisPutResult> PutRecordsAsync(string streamName, IReadOnlyList<KinesisPutEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using JsonDocument answer = await CallAsync("PutRecords", w =>
        {
            w.WriteString("StreamName", streamName);
            w.WriteStartArray("Records");
            foreach (KinesisPutEntry entry in entries)
            {
                w.WriteStartObject();
                w.WriteBase64String("Data", entry.Data.Span);
                w.WriteString("PartitionKey", entry.PartitionKey);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }, cancellationToken).ConfigureAwait(false);

        var results = new List<KinesisPutEntryResult>(entries.Count);
        foreach (JsonElement record in answer.RootElement.GetProperty("Records").EnumerateArray())
        {
            string? errorCode = Text(record, "ErrorCode");
            results.Add(errorCode is null
                ? new KinesisPutEntryResult(Text(record, "ShardId"), Text(record, "SequenceNumber"))
                : new KinesisPutEntryResult(null, null, errorCode, Text(record, "ErrorMessage")));
        }

        if (results.Count != entries.Count)
        {
            throw new KinesisException("InvalidResponse", $"PutRecords answered {results.Count} results for {entries.Count} records.", 200);
        }

        return new KinesisPutResult(results);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KinesisShard>> ListShardsAsync(string streamName, CancellationToken cancellationToken = default)
    {
        var shards = new List<KinesisShard>();
        string? nextToken = null;
        do
        {
            string? token = nextToken;
            using JsonDocument answer = await CallAsync("ListShards", w =>
            {
                // NextToken and StreamName are mutually exclusive.
                if (token is null)
                {
                    w.WriteString("StreamName", streamName);
                }
                else
                {
                    w.WriteString("NextToken", token);
                }
            }, cancellationToken).ConfigureAwait(false);
            foreach (JsonElement shard in answer.RootElement.GetProperty("Shards").EnumerateArray())
            {
                JsonElement range = shard.GetProperty("HashKeyRange");
                shards.Add(new KinesisShard(
                    Text(shard, "ShardId")!, Text(range, "StartingHashKey")!, Text(range, "EndingHashKey")!, Text(shard, "ParentShardId")));
            }

            nextToken = Text(answer.RootElement, "NextToken");
        }
        while (nextToken is not null);

        return shards;
    }

    /// <inheritdoc />
    public async Task<KinesisStreamSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken = default)
    {
        using JsonDocument answer = await CallAsync("DescribeStreamSummary", w => w.WriteString("StreamName", streamName), cancellationToken).ConfigureAwait(false);
        JsonElement summary = answer.RootElement.GetProperty("StreamDescriptionSummary");
        return new KinesisStreamSummary(
            Text(summary, "StreamName")!, Text(summary, "StreamARN")!, Text(summary, "StreamStatus")!,
            summary.TryGetProperty("OpenShardCount", out JsonElement open) ? open.GetInt32() : 0);
    }

    /// <inheritdoc />
    public async Task CreateStreamAsync(string streamName, int shardCount, CancellationToken cancellationToken = default)
    {
        using JsonDocument _ = await CallAsync("CreateStream", w =>
        {
            w.WriteString("StreamName", streamName);
            w.WriteNumber("ShardCount", shardCount);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<string> GetShardIteratorAsync(
        string streamName, string shardId, ShardIteratorKind type, string? sequenceNumber = null, CancellationToken cancellationToken = default)
    {
        using JsonDocument answer = await CallAsync("GetShardIterator", w =>
        {
            w.WriteString("StreamName", streamName);
            w.WriteString("ShardId", shardId);
            w.WriteString("ShardIteratorType", type switch
            {
                ShardIteratorKind.TrimHorizon => "TRIM_HORIZON",
                ShardIteratorKind.Latest => "LATEST",
                ShardIteratorKind.AtSequenceNumber => "AT_SEQUENCE_NUMBER",
                _ => "AFTER_SEQUENCE_NUMBER",
            });
            if (sequenceNumber is not null)
            {
                w.WriteString("StartingSequenceNumber", sequenceNumber);
            }
        }, cancellationToken).ConfigureAwait(false);
        return Text(answer.RootElement, "ShardIterator") ?? throw new KinesisException("InvalidResponse", "GetShardIterator answered no iterator.", 200);
    }

    /// <inheritdoc />
    public async Task<KinesisGetRecordsResult> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken = default)
    {
        using JsonDocument answer = await CallAsync("GetRecords", w =>
        {
            w.WriteString("ShardIterator", shardIterator);
            w.WriteNumber("Limit", limit);
        }, cancellationToken).ConfigureAwait(false);
        JsonElement root = answer.RootElement;
        var records = new List<KinesisRecord>();
        foreach (JsonElement record in root.GetProperty("Records").EnumerateArray())
        {
            JsonElement arrival = record.GetProperty("ApproximateArrivalTimestamp");
            double seconds = arrival.ValueKind == JsonValueKind.Number ? arrival.GetDouble() : double.Parse(arrival.GetString()!, CultureInfo.InvariantCulture);
            records.Add(new KinesisRecord(
                Text(record, "SequenceNumber")!, Text(record, "PartitionKey")!, record.GetProperty("Data").GetBytesFromBase64(),
                DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)), Text(record, "EncryptionType")));
        }

        long behind = root.TryGetProperty("MillisBehindLatest", out JsonElement b) && b.TryGetInt64(out long ms) ? ms : 0;
        return new KinesisGetRecordsResult(records, Text(root, "NextShardIterator"), behind);
    }

    private async Task<JsonDocument> CallAsync(string operation, Action<Utf8JsonWriter> writeBody, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writeBody(writer);
            writer.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "Kinesis_20131202." + operation);
        request.Content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
        request.Content.Headers.ContentType = JsonContentType;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new KinesisException("ServiceUnavailable", $"{operation} could not reach {_endpoint}: {ex.Message}", 503);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KinesisException("RequestTimeout", $"{operation} timed out.", 503);
        }

        using (response)
        {
            byte[] answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                (string code, string message) = ReadError(answer);
                throw new KinesisException(code, $"{operation}: {message}", (int)response.StatusCode);
            }

            return JsonDocument.Parse(answer.Length == 0 ? "{}"u8.ToArray() : answer);
        }
    }

    private static (string Code, string Message) ReadError(byte[] answer)
    {
        try
        {
            using JsonDocument error = JsonDocument.Parse(answer);
            string code = Text(error.RootElement, "__type") ?? "Unknown";
            int hash = code.LastIndexOf('#');
            return (hash >= 0 ? code[(hash + 1)..] : code, Text(error.RootElement, "message") ?? Text(error.RootElement, "Message") ?? string.Empty);
        }
        catch (JsonException)
        {
            return ("Unknown", "the error answer is not JSON");
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Disposes the HTTP client when this instance created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }
    }
}
