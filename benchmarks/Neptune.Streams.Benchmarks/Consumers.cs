using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Benchmarks;

/// <summary>
/// No consumer can be faster: one <see cref="Utf8JsonReader"/> pass over the payload bytes, each record's <c>data</c>
/// base64-decoded into a pooled buffer and read with one more <see cref="Utf8JsonReader"/> pass, and the empty
/// partial-batch response written. Nothing is built, nothing dispatched.
/// </summary>
public static class ParseFloor
{
    private static readonly byte[] EmptyResponse = "{\"batchItemFailures\":[]}"u8.ToArray();

    public static long Run(byte[] payload, Stream response)
    {
        long tokens = 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        byte[] escaped = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var reader = new Utf8JsonReader(payload);
        bool nextIsData = false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                nextIsData = reader.ValueTextEquals("data"u8);
                continue;
            }

            if (nextIsData && reader.TokenType == JsonTokenType.String)
            {
                ReadOnlySpan<byte> base64 = reader.ValueIsEscaped ? escaped.AsSpan(0, reader.CopyString(escaped)) : reader.ValueSpan;
                if (Base64.DecodeFromUtf8(base64, buffer, out _, out int length) != OperationStatus.Done)
                {
                    throw new InvalidDataException("data is not base64");
                }

                var record = new Utf8JsonReader(buffer.AsSpan(0, length));
                while (record.Read())
                {
                    tokens++;
                }
            }

            nextIsData = false;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        ArrayPool<byte>.Shared.Return(escaped);
        response.Write(EmptyResponse);
        return tokens;
    }
}

/// <summary>
/// What a user writes without the library: the Lambda event deserialized (source-generated, as AOT requires),
/// <c>JsonNode.Parse</c> per record, a dictionary dispatch, and the response serialized.
/// </summary>
public sealed class NaiveConsumer
{
    private readonly Dictionary<string, Action<JsonNode>> _handlers;
    private long _count;

    public NaiveConsumer()
    {
        _handlers = new Dictionary<string, Action<JsonNode>>(StringComparer.Ordinal)
        {
            ["vl:ADD"] = node => _count += node["data"]!["value"]!["value"]!.GetValue<string>().Length > 0 ? 1 : 0,
            ["vl:REMOVE"] = _ => _count++,
            ["vp:ADD"] = node => _count += node["data"]!["key"]!.GetValue<string>().Length > 0 ? 1 : 0,
            ["vp:REMOVE"] = _ => _count++,
            ["e:ADD"] = node => _count += node["data"]!["from"]!.GetValue<string>().Length > 0 ? 1 : 0,
            ["e:REMOVE"] = _ => _count++,
            ["ep:ADD"] = _ => _count++,
            ["ep:REMOVE"] = _ => _count++,
        };
    }

    public long Run(byte[] payload, Stream response)
    {
        KinesisEvent kinesisEvent = JsonSerializer.Deserialize(payload, BenchJsonContext.Default.KinesisEvent)!;
        foreach (var record in kinesisEvent.Records)
        {
            byte[] bytes = Convert.FromBase64String(record.Kinesis.Data);
            JsonNode node = JsonNode.Parse(bytes)!;
            string key = $"{node["data"]!["type"]!.GetValue<string>()}:{node["op"]!.GetValue<string>()}";
            if (_handlers.TryGetValue(key, out var handler))
            {
                handler(node);
            }
        }

        JsonSerializer.Serialize(response, new StreamsEventResponse(), BenchJsonContext.Default.StreamsEventResponse);
        return _count;
    }
}
