using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Neptune.Streams.Pump.Neptune;

/// <summary>
/// Reads Neptune's stream API over HTTP (<c>GET /propertygraph/stream</c> or <c>/sparql/stream</c>) with every query
/// parameter and gzip, and maps every error of the <c>neptunedata</c> model to a <see cref="StreamReadOutcome"/>.
/// Signing for IAM clusters is done by the <see cref="HttpClient"/>'s handler (see <see cref="NeptuneHttp"/>).
/// </summary>
internal sealed class NeptuneStreamClient
{
    private readonly HttpClient _http;
    private readonly Uri _streamUri;

    public NeptuneStreamClient(HttpClient http, Uri endpoint, NeptuneStreamKind kind)
    {
        _http = http;
        _streamUri = new Uri(endpoint, kind == NeptuneStreamKind.Sparql ? "sparql/stream" : "propertygraph/stream");
    }

    public async Task<StreamPage> ReadAsync(StreamIterator iterator, StreamPosition position, int limit, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, BuildUri(iterator, position, limit));
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        request.Headers.Accept.ParseAdd("application/json");
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The HTTP client's timeout, not the caller's token: a slow cluster, retried like Neptune's own timeout.
            return new StreamPage { Outcome = StreamReadOutcome.Throttled, ErrorCode = "ClientTimeout", ErrorMessage = "The stream request timed out." };
        }

        using var responseScope = response;
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return StreamPageParser.Parse(body);
        }

        (string code, string message) = ReadError(response, body);
        return new StreamPage { Outcome = Classify((int)response.StatusCode, code), ErrorCode = code, ErrorMessage = message };
    }

    internal Uri BuildUri(StreamIterator iterator, StreamPosition position, int limit)
    {
        string query = iterator switch
        {
            StreamIterator.TrimHorizon => "iteratorType=TRIM_HORIZON",
            StreamIterator.Latest => "iteratorType=LATEST",
            StreamIterator.AtSequenceNumber => string.Create(CultureInfo.InvariantCulture,
                $"iteratorType=AT_SEQUENCE_NUMBER&commitNum={position.CommitNum}&opNum={position.OpNum}"),
            _ => string.Create(CultureInfo.InvariantCulture,
                $"iteratorType=AFTER_SEQUENCE_NUMBER&commitNum={position.CommitNum}&opNum={position.OpNum}"),
        };
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"{_streamUri}?limit={limit}&{query}"));
    }

    internal static StreamReadOutcome Classify(int status, string code) => code switch
    {
        "StreamRecordsNotFoundException" => StreamReadOutcome.CaughtUp,
        "ExpiredStreamException" => StreamReadOutcome.Expired,
        "ThrottlingException" or "TooManyRequestsException" or "ClientTimeoutException" => StreamReadOutcome.Throttled,
        "MemoryLimitExceededException" => StreamReadOutcome.MemoryLimit,
        "UnsupportedOperationException" => StreamReadOutcome.StreamsDisabled,
        "AccessDeniedException" or "BadRequestException" when status == 403 => StreamReadOutcome.AccessDenied,
        "InvalidParameterException" or "InvalidArgumentException" or "IllegalArgumentException" or "PreconditionsFailedException"
            or "ConstraintViolationException" or "BadRequestException" => StreamReadOutcome.InvalidParameter,
        _ when status == 404 => StreamReadOutcome.CaughtUp,
        _ when status is 401 or 403 => StreamReadOutcome.AccessDenied,
        _ when status is 429 or >= 500 => StreamReadOutcome.Throttled,
        _ => StreamReadOutcome.InvalidParameter,
    };

    private static (string Code, string Message) ReadError(HttpResponseMessage response, byte[] body)
    {
        string? code = null;
        string? message = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                code = Text(document.RootElement, "code") ?? Text(document.RootElement, "__type");
                message = Text(document.RootElement, "detailedMessage") ?? Text(document.RootElement, "message") ?? Text(document.RootElement, "Message");
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page): the status decides.
        }

        if (code is null && response.Headers.TryGetValues("x-amzn-ErrorType", out var types))
        {
            code = types.FirstOrDefault();
        }

        code = code?.Split(':')[0];
        return (code ?? $"Http{(int)response.StatusCode}", message ?? response.ReasonPhrase ?? string.Empty);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
