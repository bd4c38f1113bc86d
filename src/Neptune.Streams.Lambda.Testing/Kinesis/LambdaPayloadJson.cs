using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>
/// A Lambda Kinesis event as the bytes Lambda sends: the library's source-generated metadata, with base64's <c>+</c>
/// and <c>/</c> written as they are (the default encoder writes <c>\u002B</c>, which Lambda never sends and which
/// would take the payload reader off its unescaped path).
/// </summary>
internal static class LambdaPayloadJson
{
    private static readonly JsonTypeInfo<KinesisEvent> EventInfo = (JsonTypeInfo<KinesisEvent>)new JsonSerializerOptions(LambdaEventJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.GetTypeInfo(typeof(KinesisEvent));

    /// <summary>The event's payload bytes.</summary>
    public static byte[] Serialize(KinesisEvent kinesisEvent) => JsonSerializer.SerializeToUtf8Bytes(kinesisEvent, EventInfo);
}
