using System.Text.Json;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Pump.Pumping;

namespace Neptune.Streams.Pump.Host;

/// <summary>
/// One scheduled invocation (an EventBridge scheduled event): pump until <see cref="PumpOptions.DeadlineMargin"/>
/// before the invocation's deadline, then answer with a JSON summary of the run. A run that stopped because Neptune
/// refused it (streams off, a bad request, denied) or that could not look up labels fails the invocation, so the function's Errors alarm fires.
/// </summary>
internal static class ScheduledPumpRun
{
    /// <exception cref="InvalidDataException">The payload is not a JSON object.</exception>
    /// <exception cref="InvalidOperationException">The invocation has no deadline, or Neptune refused the pump.</exception>
    public static async Task<ReadOnlyMemory<byte>> InvokeAsync(
        StreamPump pump, ReadOnlyMemory<byte> payload, InvocationContext invocation, CancellationToken stopping)
    {
        ValidateEvent(payload);
        DateTimeOffset deadline = invocation.Deadline
            ?? throw new InvalidOperationException("The invocation has no deadline (Lambda-Runtime-Deadline-Ms); the pump cannot tell when to stop.");
        PumpRunSummary run = await pump.RunAsync(deadline, stopping).ConfigureAwait(false);
        if (run.StopReason is PumpStopReason.StreamsDisabled or PumpStopReason.InvalidRequest or PumpStopReason.AccessDenied or PumpStopReason.LabelsUnavailable)
        {
            throw new InvalidOperationException($"The pump stopped: {run.StopReason}. {run.Error}");
        }

        return Serialize(run);
    }

    private static void ValidateEvent(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"The invocation payload is a JSON {document.RootElement.ValueKind}, not a scheduled event object.");
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The invocation payload is not JSON (a scheduled event is expected): {ex.Message}", ex);
        }
    }

    /// <summary>The summary the invocation returns: counts, why it stopped and where it stands.</summary>
    internal static byte[] Serialize(PumpRunSummary run)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("stopReason", run.StopReason.ToString());
            json.WriteNumber("recordsForwarded", run.RecordsForwarded);
            json.WriteNumber("kinesisRecordsWritten", run.KinesisRecordsWritten);
            json.WriteNumber("commitsForwarded", run.CommitsForwarded);
            json.WriteNumber("streamExpirations", run.StreamExpirations);
            json.WriteNumber("changesDeadLettered", run.ChangesDeadLettered);
            json.WriteNumber("labelLookups", run.LabelLookups);
            json.WriteNumber("throttledReads", run.ThrottledReads);
            if (run.Position is { } position)
            {
                json.WriteStartObject("position");
                json.WriteNumber("commitNum", position.CommitNum);
                json.WriteNumber("opNum", position.OpNum);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("position");
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
