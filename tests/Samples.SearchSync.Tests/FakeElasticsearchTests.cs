using System.Net;
using System.Text;

namespace Samples.SearchSync.Tests;

/// <summary>The stand-in refuses what Elasticsearch refuses, so the sample's tests can fail.</summary>
public sealed class FakeElasticsearchTests : IDisposable
{
    private const string Ndjson = "application/x-ndjson";
    private readonly FakeElasticsearch _es = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _es.Dispose();
    }

    private async Task<HttpResponseMessage> BulkAsync(string body, string contentType = Ndjson)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return await _http.PostAsync(new Uri(_es.Endpoint, "/vertices/_bulk"), content);
    }

    [Fact]
    public async Task WellFormedBulk_IsAppliedAndAnsweredWithTheProductHeader()
    {
        using var response = await BulkAsync("{\"index\":{\"_id\":\"v1\",\"version\":3,\"version_type\":\"external\"}}\n{\"a\":1}\n");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Elasticsearch", Assert.Single(response.Headers.GetValues("X-Elastic-Product")));
        Assert.Empty(_es.Violations);
        Assert.Equal(3, _es.Document("vertices", "v1")!.Value.Version);
    }

    [Fact]
    public async Task OlderOrEqualVersion_IsA409VersionConflictPerItem()
    {
        await BulkAsync("{\"index\":{\"_id\":\"v1\",\"version\":3,\"version_type\":\"external\"}}\n{\"a\":1}\n");

        using var response = await BulkAsync("{\"index\":{\"_id\":\"v1\",\"version\":3,\"version_type\":\"external\"}}\n{\"a\":2}\n");

        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"errors\":true", body, StringComparison.Ordinal);
        Assert.Contains("\"status\":409", body, StringComparison.Ordinal);
        Assert.Contains("version_conflict_engine_exception", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"index\":{\"_id\":\"v1\",\"version\":3,\"version_type\":\"external\"}}\n{\"a\":1}", Ndjson, "newline")]
    [InlineData("{\"index\":{\"_id\":\"v1\",\"version\":3,\"version_type\":\"external\"}}\n{\"a\":1}\n", "application/json", "NDJSON")]
    [InlineData("{\"index\":{\"_id\":\"v1\",\"version\":3}}\n{\"a\":1}\n", Ndjson, "version_type")]
    [InlineData("{\"index\":{\"_id\":\"v1\",\"version_type\":\"external\"}}\n{\"a\":1}\n", Ndjson, "version")]
    [InlineData("{\"index\":{\"_id\":\"v1\",\"version\":3,\"version_type\":\"external\"}}\n", Ndjson, "source line")]
    [InlineData("{\"index\":{\"_id\":\"v1\",\"version\":3,\"version_type\":\"external\"}}\n{\"a\":1}\n", "application/vnd.elasticsearch+x-ndjson; compatible-with=9", "compatible-with")]
    [InlineData("{\"upsert\":{\"_id\":\"v1\"}}\n{\"a\":1}\n", Ndjson, "action/metadata")]
    [InlineData("{\"update\":{\"_id\":\"v1\",\"version\":3,\"version_type\":\"external\"}}\n{\"doc\":{}}\n", Ndjson, "external")]
    public async Task MalformedBulk_IsRefusedAndRecorded(string body, string contentType, string expected)
    {
        using var response = await BulkAsync(body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, Assert.Single(_es.Violations), StringComparison.Ordinal);
    }
}
