namespace Neptune.Streams.Lambda.Kinesis;

/// <summary>
/// Checks that an invocation payload is a Lambda Kinesis event before any record is touched: what Lambda never
/// sends (no <c>Records</c>, a record without <c>kinesis</c> or a sequence number, another service's records) is
/// an invocation error naming what arrived, not an empty success or a crash.
/// </summary>
internal static class KinesisEventValidator
{
    /// <summary>Throws <see cref="InvalidDataException"/> when <paramref name="kinesisEvent"/> cannot be processed.</summary>
    /// <param name="kinesisEvent">The event.</param>
    /// <param name="fromWire">True for a payload read from Lambda: there a missing <c>Records</c> is an error.</param>
    /// <param name="topLevelNames">The payload's top-level property names, to say what arrived instead.</param>
    public static void Validate(KinesisEvent kinesisEvent, bool fromWire, IReadOnlyList<string>? topLevelNames = null)
    {
        if (kinesisEvent.Records is null || (fromWire && !kinesisEvent.RecordsWereSet))
        {
            string names = topLevelNames is null ? string.Empty
                : topLevelNames.Count == 0 ? " (it is an empty object)"
                : $" (its properties: {string.Join(", ", topLevelNames.Take(10).Select(Truncate))})";
            throw new InvalidDataException(
                $"The invocation payload is not a Lambda Kinesis event: \"Records\" is missing or null{names}.");
        }

        IList<KinesisEventRecord> records = kinesisEvent.Records;
        for (int i = 0; i < records.Count; i++)
        {
            KinesisEventRecord? record = records[i];
            if (record is null)
            {
                throw new InvalidDataException($"The invocation payload's record {i} is JSON null, not a Kinesis record.");
            }

            if (record.EventSource is { } source && !string.Equals(source, "aws:kinesis", StringComparison.Ordinal))
            {
                throw new InvalidDataException(
                    $"The invocation payload's record {i} comes from '{Truncate(source)}', not aws:kinesis: is the function's trigger the Kinesis stream?");
            }

            if (record.Kinesis is not { } kinesis)
            {
                throw new InvalidDataException($"The invocation payload's record {i} (eventID '{Truncate(record.EventId)}') has no \"kinesis\" object.");
            }

            if (string.IsNullOrEmpty(kinesis.SequenceNumber))
            {
                throw new InvalidDataException(
                    $"The invocation payload's record {i} (eventID '{Truncate(record.EventId)}') has no \"sequenceNumber\": it cannot be named in a partial-batch response.");
            }
        }
    }

    // Names and ids only, never data; cut so a hostile payload cannot flood the log.
    private static string Truncate(string? text) =>
        text is null ? "(none)" : text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");
}
