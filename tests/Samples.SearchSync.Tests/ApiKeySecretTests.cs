using System.Text;
using SearchSync;
using SearchSync.Secrets;

namespace Samples.SearchSync.Tests;

/// <summary>
/// The Elasticsearch API key comes from Secrets Manager at start-up (the environment carries only the secret's ARN),
/// read with a SigV4-signed GetSecretValue against a real moto_server.
/// </summary>
public sealed class ApiKeySecretTests : IAsyncLifetime
{
    private const string ApiKey = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";
    private readonly MotoServer _moto = new();
    private string _secretArn = string.Empty;

    public async Task InitializeAsync()
    {
        // Created with a plain request, not the client under test (moto accepts any signature).
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_moto.Endpoint + "/"));
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "secretsmanager.CreateSecret");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0");
        request.Content = new StringContent($$"""{"Name":"search-sync/api-key","SecretString":"{{ApiKey}}"}""", Encoding.UTF8);
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        using var response = await http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        _secretArn = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("ARN").GetString()!;
    }

    public async Task DisposeAsync() => await _moto.DisposeAsync();

    [Fact]
    public async Task FromEnvironmentAsync_ReadsTheApiKeyFromTheSecretNamedByItsArn()
    {
        var variables = Variables(_secretArn);

        SearchSyncOptions options = await SearchSyncOptions.FromEnvironmentAsync(variables.GetValueOrDefault, MotoServer.Credentials);

        Assert.Equal(_secretArn, options.ApiKeySecretArn);
        Assert.Equal(ApiKey, options.ApiKey);
        Assert.DoesNotContain(variables.Values, value => value.Contains(ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public void FromEnvironment_IgnoresAPlaintextApiKeyVariable()
    {
        var variables = new Dictionary<string, string> { ["ELASTICSEARCH_API_KEY"] = ApiKey };

        SearchSyncOptions options = SearchSyncOptions.FromEnvironment(variables.GetValueOrDefault);

        Assert.Null(options.ApiKey);
        Assert.Null(options.ApiKeySecretArn);
    }

    [Fact]
    public async Task FromEnvironmentAsync_WithoutASecretArn_CallsNothingAndHasNoKey()
    {
        var variables = new Dictionary<string, string> { ["ELASTICSEARCH_URL"] = "https://search.example:9243" };

        SearchSyncOptions options = await SearchSyncOptions.FromEnvironmentAsync(variables.GetValueOrDefault, MotoServer.Credentials);

        Assert.Null(options.ApiKey);
    }

    [Fact]
    public async Task GetSecretStringAsync_OnAMissingSecret_FailsNamingTheSecretAndTheErrorCode()
    {
        string missing = _secretArn.Replace("search-sync/api-key", "search-sync/other", StringComparison.Ordinal);
        using var client = SecretsManagerClient.Create(MotoServer.Credentials, MotoServer.Region, new Uri(_moto.Endpoint));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetSecretStringAsync(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("ResourceNotFoundException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromEnvironmentAsync_WithoutARegion_FailsBeforeCallingAnything()
    {
        var variables = Variables(_secretArn);
        variables.Remove("AWS_REGION");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SearchSyncOptions.FromEnvironmentAsync(variables.GetValueOrDefault, MotoServer.Credentials));

        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Variables(string secretArn) => new()
    {
        ["ELASTICSEARCH_URL"] = "https://search.example:9243",
        ["ELASTICSEARCH_API_KEY_SECRET_ARN"] = secretArn,
        ["AWS_REGION"] = MotoServer.Region,
        ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = _moto.Endpoint,
    };
}
