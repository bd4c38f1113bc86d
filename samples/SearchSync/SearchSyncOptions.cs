using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using SearchSync.Secrets;

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
    /// <value>
    /// null; on Lambda the <c>SecretString</c> of the Secrets Manager secret whose ARN is in the
    /// <c>ELASTICSEARCH_API_KEY_SECRET_ARN</c> variable, read once at start-up (the key itself is in no variable).
    /// </value>
    public string? ApiKey { get; set; }

    /// <summary>The ARN of the Secrets Manager secret holding the API key, or null when the cluster needs none.</summary>
    /// <value>null; on Lambda the <c>ELASTICSEARCH_API_KEY_SECRET_ARN</c> variable.</value>
    public string? ApiKeySecretArn { get; set; }

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
    public static SearchSyncOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Reads the options from environment variables.</summary>
    /// <param name="variable">Looks a variable up; null when it is not set.</param>
    public static SearchSyncOptions FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var options = new SearchSyncOptions();
        if (variable("ELASTICSEARCH_URL") is { Length: > 0 } url)
        {
            options.Endpoint = new Uri(url);
        }

        options.ApiKeySecretArn = variable("ELASTICSEARCH_API_KEY_SECRET_ARN") is { Length: > 0 } arn ? arn : null;
        if (variable("ELASTICSEARCH_INDEX") is { Length: > 0 } index)
        {
            options.Index = index;
        }

        if (variable("INDEXED_LABELS") is { Length: > 0 } labels)
        {
            options.Labels = labels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        }

        return options;
    }

    /// <summary>
    /// Reads the options from the function's environment and, when <c>ELASTICSEARCH_API_KEY_SECRET_ARN</c> is set, the
    /// API key from Secrets Manager with the function's credentials (region <c>AWS_REGION</c>; endpoint
    /// <c>AWS_ENDPOINT_URL_SECRETS_MANAGER</c> when set, as the AWS SDKs read it).
    /// </summary>
    /// <param name="credentials">The credentials to read the secret with; the default AWS chain when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The options, with <see cref="ApiKey"/> set when a secret is named.</returns>
    /// <exception cref="InvalidOperationException">The secret is named but cannot be read.</exception>
    public static Task<SearchSyncOptions> FromEnvironmentAsync(AWSCredentials? credentials = null, CancellationToken cancellationToken = default) =>
        FromEnvironmentAsync(Environment.GetEnvironmentVariable, credentials, cancellationToken);

    /// <summary>As <see cref="FromEnvironmentAsync(AWSCredentials?, CancellationToken)"/>, from the given variables.</summary>
    /// <param name="variable">Looks a variable up; null when it is not set.</param>
    /// <param name="credentials">The credentials to read the secret with; the default AWS chain when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The options, with <see cref="ApiKey"/> set when a secret is named.</returns>
    /// <exception cref="InvalidOperationException">The secret is named but cannot be read.</exception>
    public static async Task<SearchSyncOptions> FromEnvironmentAsync(
        Func<string, string?> variable, AWSCredentials? credentials = null, CancellationToken cancellationToken = default)
    {
        var options = FromEnvironment(variable);
        if (options.ApiKeySecretArn is not { } arn)
        {
            return options;
        }

        string region = variable("AWS_REGION") is { Length: > 0 } r
            ? r
            : throw new InvalidOperationException("AWS_REGION is not set, so the Elasticsearch API key secret cannot be read.");
        Uri? endpoint = variable("AWS_ENDPOINT_URL_SECRETS_MANAGER") is { Length: > 0 } url ? new Uri(url) : null;
        using var secrets = SecretsManagerClient.Create(credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(), region, endpoint);
        options.ApiKey = await secrets.GetSecretStringAsync(arn, cancellationToken).ConfigureAwait(false);
        return options;
    }
}
