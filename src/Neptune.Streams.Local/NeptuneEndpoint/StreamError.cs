using System.Globalization;

namespace Neptune.Streams.Local.NeptuneEndpoint;

/// <summary>An error of the stream API: its HTTP status, <c>code</c> and message, as in the <c>neptunedata</c> model.</summary>
/// <param name="HttpStatus">The HTTP status Neptune answers with.</param>
/// <param name="Code">The exception name (<c>code</c> in the body, <c>x-amzn-ErrorType</c> header).</param>
/// <param name="Message">The message (<c>message</c> and <c>detailedMessage</c>).</param>
internal sealed record StreamError(int HttpStatus, string Code, string Message)
{
    public static StreamError NotFound(ChangeLogEntry? last) => new(
        404,
        "StreamRecordsNotFoundException",
        last is null
            ? "Requested startEventId is from the future."
            : string.Create(CultureInfo.InvariantCulture,
                $"Requested startEventId is from the future. Last valid eventId is [commitNum = {last.CommitNum}, opNum = {last.OpNum}]"));

    public static StreamError Expired() => new(
        400, "ExpiredStreamException", "All of the requested records exceed the maximum age allowed and have expired.");

    public static StreamError InvalidParameter(string detail) => new(400, "InvalidParameterException", detail);

    public static StreamError StreamsDisabled() => new(400, "UnsupportedOperationException", "Streams are not enabled on this cluster.");

    public static StreamError MethodNotAllowed() => new(400, "UnsupportedOperationException", "Only an HTTP GET operation is allowed.");

    public static StreamError RequestTooLarge(long limit) => new(
        413, "BadRequestException", string.Create(CultureInfo.InvariantCulture, $"The request body exceeds the local endpoint's limit of {limit} bytes."));
}
