using CacheSync.Handlers;
using CacheSync.Redis;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using StackExchange.Redis;

namespace CacheSync;

/// <summary>Keeps a Redis hash per vertex (<c>graph:vertex:{id}</c>) in step with the graph, newest commit wins.</summary>
public sealed class CacheSyncFunction(CacheSyncOptions options) : NeptuneStreamFunction
{
    /// <summary>Creates the function as Lambda does, with options from the environment.</summary>
    public CacheSyncFunction()
        : this(CacheSyncOptions.FromEnvironment())
    {
    }

    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(options);
        // One multiplexer for the function's life (Lambda's init phase); the service provider disposes it.
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options.Redis));
        builder.Services.AddSingleton<VertexCache>();
        builder
            .On<VertexCached>(GraphEventKind.VertexAdded).IncludeSnapshot() // a cache fills from a snapshot too
            .On<VertexCached>(GraphEventKind.VertexUpdated)
            .On<VertexEvicted>(GraphEventKind.VertexDeleted);
    }
}
