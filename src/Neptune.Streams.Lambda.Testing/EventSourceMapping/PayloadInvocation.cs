using System.Text.Json;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.Testing;

/// <summary>
/// Invokes a function as Lambda does: the event as its JSON bytes, through the function's invocation path (the
/// one-pass payload reader), not as the objects a test built. The test host and the local pipeline invoke this way.
/// </summary>
internal static class PayloadInvocation
{
    /// <summary>Serializes <paramref name="kinesisEvent"/> as Lambda sends it and processes the bytes.</summary>
    /// <exception cref="InvalidDataException">The event is not one Lambda would send.</exception>
    public static Task<StreamsEventResponse> InvokeAsync(
        NeptuneStreamFunction function, KinesisEvent kinesisEvent, CancellationToken cancellationToken) =>
        InvokeAsync(function, kinesisEvent, null, cancellationToken);

    /// <summary>The same, with the invocation's deadline and request id (a local invocation without one).</summary>
    /// <exception cref="InvalidDataException">The event is not one Lambda would send.</exception>
    public static async Task<StreamsEventResponse> InvokeAsync(
        NeptuneStreamFunction function, KinesisEvent kinesisEvent, InvocationContext? invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        byte[] payload = LambdaPayloadJson.Serialize(kinesisEvent);
        return (await function.ProcessPayloadAsync(payload, invocation, cancellationToken).ConfigureAwait(false)).Response;
    }
}
