namespace SearchSync;

/// <summary>Which Elasticsearch index the vertices go to, and which vertices.</summary>
public sealed class SearchSyncOptions
{
    private Uri _endpoint = new("http://localhost:9200");
    private string _index = "vertices";
    private IReadOnlySet<string> _labels = new HashSet<string>(StringComparer.Ordinal) { "person" };

    /// <summary>The Elasticsearch endpoint.</summary>
    /// <value><c>http://localhost:9200</c>; on Lambda the <c>ELASTICSEARCH_URL</c> variable.</value>
    public Uri Endpoint
    {
        get => _endpoint;
        set => _endpoint = value is { IsAbsoluteUri: true } ? value : throw new ArgumentException("The endpoint must be an absolute URI.", nameof(value));
    }

    /// <summary>An API key (<c>Authorization: ApiKey …</c>), or null for none.</summary>
    /// <value>null; on Lambda the <c>ELASTICSEARCH_API_KEY</c> variable.</value>
    public string? ApiKey { get; set; }

    /// <summary>The index the vertex documents are written to (document id = vertex id).</summary>
    /// <value><c>vertices</c>; on Lambda the <c>ELASTICSEARCH_INDEX</c> variable.</value>
    public string Index
    {
        get => _index;
        set => _index = !string.IsNullOrWhiteSpace(value) && !value.Any(char.IsUpper)
            ? value
            : throw new ArgumentException("An Elasticsearch index name is lowercase and not empty.", nameof(value));
    }

    /// <summary>The vertex labels that are indexed; a vertex with none of them is left out.</summary>
    /// <value><c>person</c>; on Lambda the <c>INDEXED_LABELS</c> variable (comma-separated).</value>
    public IReadOnlySet<string> Labels
    {
        get => _labels;
        set => _labels = value is { Count: > 0 } ? value : throw new ArgumentException("Name at least one label to index.", nameof(value));
    }

    /// <summary>Reads the options from the function's environment.</summary>
    public static SearchSyncOptions FromEnvironment()
    {
        var options = new SearchSyncOptions();
        if (Environment.GetEnvironmentVariable("ELASTICSEARCH_URL") is { Length: > 0 } url)
        {
            options.Endpoint = new Uri(url);
        }

        options.ApiKey = Environment.GetEnvironmentVariable("ELASTICSEARCH_API_KEY") is { Length: > 0 } key ? key : null;
        if (Environment.GetEnvironmentVariable("ELASTICSEARCH_INDEX") is { Length: > 0 } index)
        {
            options.Index = index;
        }

        if (Environment.GetEnvironmentVariable("INDEXED_LABELS") is { Length: > 0 } labels)
        {
            options.Labels = labels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        }

        return options;
    }
}
