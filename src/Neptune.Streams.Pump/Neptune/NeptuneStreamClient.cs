using System.Buffers;
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

    // The last page's size: a gzip answer read as a stream has no length, and pages are alike in size, so the next
    // page's buffer is rented at once at the size it will need instead of doubling from 64 KB.
    private int _lastBodyLength;

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

        // The body is read straight into pooled bytes (headers first, then the stream): the client's own buffering of a
        // gzip answer grew a stream of the page's size, about 200 bytes per record on the large-object heap. The
        // client's timeout covers only until the headers then, so the same timeout is put on the whole request here.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_http.Timeout != Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(_http.Timeout);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimedOut();
        }

        using var responseScope = response;
        PooledBytes body;
        try
        {
            // Pooled bytes the page keeps until it is forwarded: a page is a few hundred kilobytes, and an array of
            // its own each time landed on the large-object heap, where every allocation counts towards a full GC.
            body = await PooledBytes.ReadAsync(response.Content, _lastBodyLength, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                _lastBodyLength = body.Memory.Length;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimedOut();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // A connection lost part-way through the body: the transient HTTP failure the client's buffering reported
            // (it wraps the same two), which the pump retries.
            HttpRequestError error = ex is HttpIOException io ? io.HttpRequestError : HttpRequestError.Unknown;
            throw new HttpRequestException(error, $"The stream page's body could not be read: {ex.Message}", ex);
        }

        if (response.StatusCode == HttpStatusCode.OK)
        {
            try
            {
                return StreamPageParser.Parse(body.Memory, body);
            }
            catch
            {
                body.Dispose();
                throw;
            }
        }

        using var errorBody = body;
        (string code, string message) = ReadError(response, body.Memory.ToArray());
        return new StreamPage { Outcome = Classify((int)response.StatusCode, code), ErrorCode = code, ErrorMessage = message };
    }

    // The HTTP client's timeout, not the caller's token: a slow cluster, retried like Neptune's own timeout.
    private static StreamPage TimedOut() =>
        new() { Outcome = StreamReadOutcome.Throttled, ErrorCode = "ClientTimeout", ErrorMessage = "The stream request timed out." };

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

    /// <summary>A response body in an array rented from <see cref="ArrayPool{T}.Shared"/>, returned on dispose.</summary>
    private sealed class PooledBytes : IDisposable
    {
        private byte[] _buffer;
        private int _length;

        private PooledBytes(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 4096));

        public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

        /// <param name="content">The body.</param>
        /// <param name="expectedLength">The length to expect when the body does not say its own (the previous page's).</param>
        /// <param name="cancellationToken">Stops the read.</param>
        public static async Task<PooledBytes> ReadAsync(HttpContent content, int expectedLength, CancellationToken cancellationToken)
        {
            // One byte more than the length, so the read that finds the end needs no larger array.
            long length = content.Headers.ContentLength ?? Math.Max(expectedLength, (64 * 1024) - 1);
            var bytes = new PooledBytes((int)Math.Min(length + 1, 16 * 1024 * 1024));
            try
            {
                using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    if (bytes._length == bytes._buffer.Length)
                    {
                        byte[] larger = ArrayPool<byte>.Shared.Rent(bytes._buffer.Length * 2);
                        bytes._buffer.AsSpan(0, bytes._length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(bytes._buffer);
                        bytes._buffer = larger;
                    }

                    int read = await stream.ReadAsync(bytes._buffer.AsMemory(bytes._length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return bytes;
                    }

                    bytes._length += read;
                }
            }
            catch
            {
                bytes.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            byte[] buffer = _buffer;
            _buffer = [];
            _length = 0;
            if (buffer.Length > 0)
            {
                // Cleared: a record read after its page was handed back then reads zeros and fails loudly, instead of
                // silently carrying a later page's bytes (clearing costs microseconds against a page's network time).
                ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
            }
        }
    }
}
