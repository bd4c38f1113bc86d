using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using SearchSync.Handlers;
using SearchSync.Search;

namespace SearchSync;

/// <summary>
/// Indexes vertices of chosen labels into Elasticsearch: one <c>_bulk</c> request per batch, the Neptune commit number
/// as external version so an older change can never replace a newer document.
/// </summary>
/// <remarks>
/// The bulk request is sent when the batch's service scope ends. If it fails, the invocation fails and Lambda
/// redelivers the whole batch, which external versioning makes harmless; do not add a checkpoint store to this function,
/// since it would mark records handled before their bulk request succeeded.
/// </remarks>
public sealed class SearchSyncFunction(SearchSyncOptions options) : NeptuneStreamFunction
{
    /// <summary>
    /// Creates the function as Lambda does (in its init phase), with options from the environment and the API key
    /// from Secrets Manager; a secret that cannot be read fails the init, which Lambda reports.
    /// </summary>
    public SearchSyncFunction()
        : this(SearchSyncOptions.FromEnvironmentAsync().GetAwaiter().GetResult())
    {
    }

    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SearchIndex>();
        builder.Services.AddScoped<BulkBuffer>();
        builder
            .On<VertexIndexer>(GraphEventKind.VertexAdded).IncludeSnapshot() // an index fills from a snapshot too
            .On<VertexIndexer>(GraphEventKind.VertexUpdated)
            .On<VertexRemover>(GraphEventKind.VertexDeleted);
    }
}
