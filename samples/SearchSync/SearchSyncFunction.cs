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
/// <para>Lambda creates it with its one constructor. <see cref="Configure"/> reads the options from the environment and the
/// API key from Secrets Manager when the function is built (<c>LambdaBootstrap</c> builds it in Lambda's init phase),
/// so a secret that cannot be read fails the init, which Lambda reports. Tests replace the options with
/// <see cref="NeptuneStreamFunction.Override"/>: <c>function.Override(b =&gt; b.Services.AddSingleton(options))</c>.</para>
/// </remarks>
public sealed class SearchSyncFunction : NeptuneStreamFunction
{
    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        // Read now, not in a service factory: a factory would run at the first batch, and a bad secret must fail the init.
        builder.Services.AddSingleton(SearchSyncOptions.FromEnvironmentAsync().GetAwaiter().GetResult());
        builder.Services.AddSingleton<SearchIndex>();
        builder.Services.AddScoped<BulkBuffer>();
        builder
            .On<VertexIndexer>(GraphEventKind.VertexAdded).IncludeSnapshot() // an index fills from a snapshot too
            .On<VertexIndexer>(GraphEventKind.VertexUpdated)
            .On<VertexRemover>(GraphEventKind.VertexDeleted);
    }
}
