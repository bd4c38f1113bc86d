using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Neptune.Streams.TestSupport;
using Neptune.Streams.Local.Http;

namespace Samples.SearchSync.Tests;

/// <summary>
/// A stand-in for Elasticsearch (none can be installed here): Kestrel on 127.0.0.1, on a port the OS picks while binding, that serves
/// <c>GET /</c>, <c>GET /{index}/_doc/{id}</c> and <c>POST [/{index}]/_bulk</c>. It checks bulk requests the way the
/// Elasticsearch bulk API documents them (NDJSON content type, one action/metadata line per operation followed by a
/// source line for index/create, a final newline, <c>version</c> with <c>version_type=external</c>) and applies the
/// external-version rules: a write whose version is not greater than the stored one (deleted documents included) is
/// refused per item with 409 <c>version_conflict_engine_exception</c>. Every answer carries
/// <c>X-Elastic-Product: Elasticsearch</c>, which the .NET client checks.
/// </summary>
public sealed class FakeElasticsearch : IDisposable
{
    private static readonly string[] Actions = ["index", "create", "update", "delete"];
    private static readonly HashSet<string> MetadataFields =
        ["_index", "_id", "version", "version_type", "routing", "if_seq_no", "if_primary_term", "pipeline", "require_alias", "dynamic_templates", "retry_on_conflict"];

    private readonly LoopbackHttpServer _server;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Index, string Id), Stored> _documents = [];
    private readonly List<string> _violations = [];
    private readonly List<JsonObject[]> _bulkActions = [];
    private long _seqNo;

    /// <summary>Starts listening.</summary>
    public FakeElasticsearch()
    {
        _server = LoopbackHttpServer.Start(ServeAsync);
    }

    /// <summary>The port.</summary>
    public int Port => _server.Port;

    /// <summary>The endpoint to give the client.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>Where a request broke the documented bulk format; empty when every request was well-formed.</summary>
    public IReadOnlyList<string> Violations { get { lock (_gate) { return [.. _violations]; } } }

    /// <summary>The action/metadata lines of every bulk request received, one array per request.</summary>
    public IReadOnlyList<JsonObject[]> BulkRequests { get { lock (_gate) { return [.. _bulkActions]; } } }

    /// <summary>When set, the next bulk request is answered with this HTTP status and an Elasticsearch error body.</summary>
    public int? FailNextBulkWithStatus { get; set; }

    /// <summary>When set, items of the next bulk request with this id fail with 429 <c>es_rejected_execution_exception</c>.</summary>
    public string? RejectNextItemWithId { get; set; }

    /// <summary>The stored document of an id, or null; deleted documents are null.</summary>
    public (JsonObject Source, long Version)? Document(string index, string id)
    {
        lock (_gate)
        {
            return _documents.TryGetValue((index, id), out var stored) && stored.Source is { } source
                ? ((JsonObject)source.DeepClone(), stored.Version)
                : null;
        }
    }

    /// <summary>The version a delete left for an id (its tombstone), or null.</summary>
    public long? DeletedVersion(string index, string id)
    {
        lock (_gate)
        {
            return _documents.TryGetValue((index, id), out var stored) && stored.Source is null ? stored.Version : null;
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        try
        {
            await HandleAsync(context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            lock (_gate)
            {
                _violations.Add($"server error: {ex.Message}");
            }

            if (!context.Response.HasStarted)
            {
                await RespondAsync(context, 500, Error("exception", ex.Message, 500));
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        string absolutePath = request.Path.Value ?? "/";
        string[] path = absolutePath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Elasticsearch takes gzip-compressed request bodies (the .NET client compresses by default).
        Stream input = string.Equals(request.Headers.ContentEncoding.ToString(), "gzip", StringComparison.OrdinalIgnoreCase)
            ? new System.IO.Compression.GZipStream(request.Body, System.IO.Compression.CompressionMode.Decompress)
            : request.Body;
        using var reader = new StreamReader(input, Encoding.UTF8);
        string body = await reader.ReadToEndAsync();

        switch (request.Method, path)
        {
            case ("GET" or "HEAD", []):
                await RespondAsync(context, 200, new JsonObject
                {
                    ["name"] = "fake-node",
                    ["cluster_name"] = "fake",
                    ["cluster_uuid"] = "fake-uuid",
                    ["version"] = new JsonObject { ["number"] = "9.1.0", ["build_flavor"] = "default", ["lucene_version"] = "10.2.2" },
                    ["tagline"] = "You Know, for Search",
                });
                return;
            case ("GET", [string index, "_doc", string id]):
                await GetDocumentAsync(context, index, Uri.UnescapeDataString(id));
                return;
            case ("POST" or "PUT", ["_bulk"]):
                await BulkAsync(context, null, body);
                return;
            case ("POST" or "PUT", [string index, "_bulk"]):
                await BulkAsync(context, index, body);
                return;
            default:
                Violation($"unexpected request {request.Method} {absolutePath}");
                await RespondAsync(context, 400, Error("illegal_argument_exception", "unexpected request", 400));
                return;
        }
    }

    private async Task GetDocumentAsync(HttpContext context, string index, string id)
    {
        JsonObject answer;
        lock (_gate)
        {
            answer = _documents.TryGetValue((index, id), out var stored) && stored.Source is { } source
                ? new JsonObject
                {
                    ["_index"] = index, ["_id"] = id, ["_version"] = stored.Version, ["_seq_no"] = stored.SeqNo,
                    ["_primary_term"] = 1, ["found"] = true, ["_source"] = source.DeepClone(),
                }
                : new JsonObject { ["_index"] = index, ["_id"] = id, ["found"] = false };
        }

        await RespondAsync(context, answer["found"]!.GetValue<bool>() ? 200 : 404, answer);
    }

    private async Task BulkAsync(HttpContext context, string? urlIndex, string body)
    {
        if (FailNextBulkWithStatus is { } status)
        {
            FailNextBulkWithStatus = null;
            await RespondAsync(context, status, Error("cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/2/no master];", status));
            return;
        }

        string? problem = CheckContentType(context.Request.ContentType) ?? CheckCompatibility(context.Request.ContentType, context.Request.Headers.Accept.ToString()) ?? (body.EndsWith('\n') ? null : "the bulk body does not end with a newline");
        if (problem is not null)
        {
            Violation(problem);
            await RespondAsync(context, 400, Error("illegal_argument_exception", problem, 400));
            return;
        }

        string[] lines = body[..^1].Split('\n');
        var items = new JsonArray();
        var actions = new List<JsonObject>();
        bool errors = false;
        for (int i = 0; i < lines.Length; i++)
        {
            if (!TryParseObject(lines[i], out JsonObject? line) || line.Count != 1 || !Actions.Contains(line.First().Key) || line.First().Value is not JsonObject meta)
            {
                problem = $"line {i + 1} is not an action/metadata line ({{\"index|create|update|delete\":{{…}}}})";
                break;
            }

            string action = line.First().Key;
            actions.Add(line);
            JsonObject? source = null;
            if (action is "index" or "create" or "update")
            {
                if (++i >= lines.Length || !TryParseObject(lines[i], out source))
                {
                    problem = $"the {action} action on line {i} is not followed by a JSON source line";
                    break;
                }
            }

            problem = CheckMetadata(action, meta, urlIndex);
            if (problem is not null)
            {
                break;
            }

            JsonObject item = Apply(action, (meta["_index"]?.GetValue<string>() ?? urlIndex)!, meta["_id"]!.GetValue<string>(), meta["version"]!.GetValue<long>(), source);
            errors |= item["status"]!.GetValue<int>() >= 400 && item["error"] is not null;
            items.Add(new JsonObject { [action] = item });
        }

        lock (_gate)
        {
            _bulkActions.Add([.. actions]);
        }

        if (problem is not null)
        {
            Violation(problem);
            await RespondAsync(context, 400, Error("illegal_argument_exception", problem, 400));
            return;
        }

        RejectNextItemWithId = null;
        await RespondAsync(context, 200, new JsonObject { ["took"] = 3, ["errors"] = errors, ["items"] = items });
    }

    private static string? CheckContentType(string? contentType)
    {
        // The bulk API takes newline-delimited JSON: application/x-ndjson, or the versioned type compatibility-mode clients send.
        string media = (contentType ?? string.Empty).Split(';')[0].Trim();
        return media is "application/x-ndjson" or "application/vnd.elasticsearch+x-ndjson"
            ? null
            : $"content type '{contentType}' is not NDJSON";
    }

    private static string? CheckCompatibility(string? contentType, string? accept)
    {
        // Elasticsearch: "A compatible version is required on both Content-Type and Accept headers if either one has
        // requested a compatible version and the compatible versions must match."
        string? sent = CompatibleWith(contentType), wanted = CompatibleWith(accept);
        return sent == wanted ? null : $"compatible-with differs between Content-Type '{contentType}' and Accept '{accept}'";
    }

    private static string? CompatibleWith(string? header)
    {
        if (header is null || !header.Contains("vnd.elasticsearch", StringComparison.Ordinal))
        {
            return null;
        }

        int at = header.IndexOf("compatible-with=", StringComparison.Ordinal);
        return at < 0 ? "missing" : header[(at + "compatible-with=".Length)..].Split([';', ','])[0].Trim();
    }

    private static string? CheckMetadata(string action, JsonObject meta, string? urlIndex)
    {
        foreach (var field in meta)
        {
            if (!MetadataFields.Contains(field.Key))
            {
                return $"unknown metadata field [{field.Key}] in the {action} action";
            }
        }

        if (meta["_index"] is null && urlIndex is null)
        {
            return $"the {action} action names no index and the URL none either";
        }

        if (meta["_id"]?.GetValueKind() != JsonValueKind.String)
        {
            return $"the {action} action has no _id (the function always names the document)";
        }

        if (action is "update" or "create")
        {
            return $"the {action} action does not take version_type=external; the function must use index";
        }

        if (meta["version"]?.GetValueKind() != JsonValueKind.Number || meta["version"]!.GetValue<long>() < 0)
        {
            return $"the {action} action has no non-negative integer version";
        }

        return meta["version_type"]?.GetValueKind() == JsonValueKind.String && meta["version_type"]!.GetValue<string>() == "external"
            ? null
            : $"the {action} action's version_type is not \"external\"";
    }

    private JsonObject Apply(string action, string index, string id, long version, JsonObject? source)
    {
        lock (_gate)
        {
            var item = new JsonObject { ["_index"] = index, ["_id"] = id };
            if (RejectNextItemWithId == id)
            {
                item["status"] = 429;
                item["error"] = new JsonObject { ["type"] = "es_rejected_execution_exception", ["reason"] = "rejected execution of coordinating operation" };
                return item;
            }

            bool known = _documents.TryGetValue((index, id), out var stored);
            if (known && version <= stored!.Version)
            {
                item["status"] = 409;
                item["error"] = new JsonObject
                {
                    ["type"] = "version_conflict_engine_exception",
                    ["reason"] = $"[{id}]: version conflict, current version [{stored.Version}] is higher or equal to the one provided [{version}]",
                    ["index"] = index,
                    ["shard"] = "0",
                };
                return item;
            }

            bool exists = known && stored!.Source is not null;
            long seqNo = ++_seqNo;
            _documents[(index, id)] = new Stored(action == "delete" ? null : (JsonObject)source!.DeepClone(), version, seqNo);
            item["_version"] = version;
            item["_seq_no"] = seqNo;
            item["_primary_term"] = 1;
            item["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 };
            (item["result"], item["status"]) = action == "delete"
                ? (exists ? ("deleted", 200) : ("not_found", 404))
                : (exists ? ("updated", 200) : ("created", 201));
            return item;
        }
    }

    private static bool TryParseObject(string line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonObject? value)
    {
        try
        {
            // Each NDJSON line is one JSON value with no newline inside.
            value = JsonNode.Parse(line) as JsonObject;
            return value is not null;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }

    private void Violation(string problem)
    {
        lock (_gate)
        {
            _violations.Add(problem);
        }
    }

    private static JsonObject Error(string type, string reason, int status) => new()
    {
        ["error"] = new JsonObject
        {
            ["root_cause"] = new JsonArray(new JsonObject { ["type"] = type, ["reason"] = reason }),
            ["type"] = type,
            ["reason"] = reason,
        },
        ["status"] = status,
    };

    private static async Task RespondAsync(HttpContext context, int status, JsonObject body)
    {
        HttpResponse response = context.Response;
        response.StatusCode = status;
        response.Headers["X-Elastic-Product"] = "Elasticsearch";
        bool compatible = context.Request.Headers.Accept.ToString().Contains("vnd.elasticsearch", StringComparison.Ordinal);
        response.ContentType = compatible ? "application/vnd.elasticsearch+json;compatible-with=9" : "application/json";
        byte[] bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(bytes);
        }
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        _server.Dispose();
    }

    private sealed record Stored(JsonObject? Source, long Version, long SeqNo);
}
