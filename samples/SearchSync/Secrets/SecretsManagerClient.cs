using System.Net.Http.Headers;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace SearchSync.Secrets;

/// <summary>
/// Reads a secret's <c>SecretString</c> with Secrets Manager's <c>GetSecretValue</c>: one JSON POST, signed with SigV4 by
/// AWSSDK.Core's <see cref="SigV4SigningHandler"/> (Native-AOT safe; AWSSDK.SecretsManager is not needed).
/// </summary>
/// <remarks>Errors name the secret and the service's error code, never the value.</remarks>
public sealed class SecretsManagerClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.1");
    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    /// <summary>A client that sends through <paramref name="http"/> (which signs) to <paramref name="endpoint"/>.</summary>
    /// <param name="http">The HTTP client; it must sign the requests (see <see cref="Create"/>).</param>
    /// <param name="endpoint">The Secrets Manager endpoint, e.g. <c>https://secretsmanager.us-east-1.amazonaws.com/</c>.</param>
    public SecretsManagerClient(HttpClient http, Uri endpoint)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
    }

    /// <summary>A client that signs with <paramref name="credentials"/> for <paramref name="region"/>.</summary>
    /// <param name="credentials">The credentials to sign with (the function's role on Lambda).</param>
    /// <param name="region">The secret's region, e.g. <c>us-east-1</c>.</param>
    /// <param name="endpoint">Another endpoint than the region's (a local emulator), or null.</param>
    public static SecretsManagerClient Create(AWSCredentials credentials, string region, Uri? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(region);
        var signing = new SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(region), "secretsmanager", new SocketsHttpHandler());
        var http = new HttpClient(signing) { Timeout = TimeSpan.FromSeconds(10) };
        return new SecretsManagerClient(http, endpoint ?? new Uri($"https://secretsmanager.{region}.amazonaws.com/"));
    }

    /// <summary>The current <c>SecretString</c> of a secret.</summary>
    /// <param name="secretId">The secret's ARN (or name).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The secret's text.</returns>
    /// <exception cref="InvalidOperationException">Secrets Manager refused, or the secret holds no text.</exception>
    public async Task<string> GetSecretStringAsync(string secretId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("SecretId", secretId);
            writer.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "secretsmanager.GetSecretValue");
        request.Content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
        request.Content.Headers.ContentType = JsonContentType;
        using HttpResponseMessage response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        byte[] answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        using JsonDocument document = Parse(answer, secretId, (int)response.StatusCode);
        JsonElement root = document.RootElement;
        if (!response.IsSuccessStatusCode)
        {
            string code = Text(root, "__type") ?? "Unknown";
            string message = Text(root, "Message") ?? Text(root, "message") ?? string.Empty;
            throw new InvalidOperationException(
                $"Secrets Manager GetSecretValue for {secretId} failed with {(int)response.StatusCode} {code[(code.LastIndexOf('#') + 1)..]}: {message}");
        }

        return Text(root, "SecretString") is { Length: > 0 } secret
            ? secret
            : throw new InvalidOperationException($"The secret {secretId} holds no SecretString (a binary secret is not supported).");
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static JsonDocument Parse(byte[] answer, string secretId, int status)
    {
        try
        {
            return JsonDocument.Parse(answer.Length == 0 ? "{}"u8.ToArray() : answer);
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"Secrets Manager answered GetSecretValue for {secretId} with {status} and a body that is not JSON.");
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
