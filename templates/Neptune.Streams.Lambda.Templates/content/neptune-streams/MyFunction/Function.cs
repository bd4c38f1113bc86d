using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MyFunction.Handlers;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;

namespace MyFunction;

/// <summary>The Lambda function: routes the graph events of each Kinesis batch to the handler classes.</summary>
public sealed class Function : NeptuneStreamFunction
{
    private readonly Action<IServiceCollection>? _configureServices;

    /// <summary>Creates the function as Lambda does.</summary>
    public Function()
    {
    }

    /// <summary>Creates the function with services of your own (test doubles, say) that replace the defaults.</summary>
    /// <param name="configureServices">Registers the services before the defaults are added.</param>
    public Function(Action<IServiceCollection> configureServices)
    {
        _configureServices = configureServices;
    }

    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        _configureServices?.Invoke(builder.Services);
        builder.Services.TryAddSingleton<INotifier, LogNotifier>();

        // One route per handler: event kind and label. Handlers run in registration order.
        builder
            .On<PersonAdded>(GraphEventKind.VertexAdded, "person")
            .On<FollowAdded>(GraphEventKind.EdgeAdded, "follows");
    }
}
