namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>What became of decoding a record or opening one of its payloads.</summary>
internal enum PayloadStatus
{
    /// <summary>The bytes are ready to parse.</summary>
    Ready,

    /// <summary>The record or sub-record can never be decoded: it is poison, for the reason given.</summary>
    Poison,

    /// <summary>
    /// The batch has inflated as much as <see cref="DecodingOptions.MaxInflatedBytesPerBatch"/> allows: the record is
    /// not at fault, so the batch stops before it and Lambda redelivers it in a fresh invocation.
    /// </summary>
    BatchLimitReached,
}
