using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Local.EventSourceMapping;

/// <summary>
/// A function invoked by the emulator: takes a batch and returns the partial-batch response. Throwing is a function
/// error. <c>NeptuneStreamFunction.ProcessAsync</c> fits: <c>(e, ct) =&gt; function.ProcessAsync(e, null, ct)</c>.
/// </summary>
/// <param name="kinesisEvent">The batch, built as Lambda builds it.</param>
/// <param name="cancellationToken">Cancelled when the emulator stops.</param>
public delegate Task<StreamsEventResponse> KinesisFunction(KinesisEvent kinesisEvent, CancellationToken cancellationToken);
