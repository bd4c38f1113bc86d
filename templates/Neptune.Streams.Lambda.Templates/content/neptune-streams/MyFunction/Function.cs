using Microsoft.Extensions.DependencyInjection;
using MyFunction.Handlers;
using Neptune.Streams.Lambda;

namespace MyFunction;

/// <summary>The Lambda function: routes the graph events of each Kinesis batch to the handler classes.</summary>
/// <remarks>Tests replace services with <c>function.Override(builder => …)</c>, which runs after <see cref="Configure"/>.</remarks>
public sealed class Function : NeptuneStreamFunction
{
    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<INotifier, LogNotifier>();

        // One route per handler: event kind and label. Handlers run in registration order.
        builder
            .On<PersonAdded>(GraphEventKind.VertexAdded, "person")
            .On<FollowAdded>(GraphEventKind.EdgeAdded, "follows");
    }
}
