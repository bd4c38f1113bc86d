using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.Resilience;

namespace Neptune.Streams.Lambda;

// In the root namespace (as Polly's builder extensions are), so a function needs one using to register features.
/// <summary>Sends poison records to a dead-letter queue instead of stopping the batch at them.</summary>
public static class DeadLetterBuilderExtensions
{
    /// <summary>
    /// Poison records go to the SQS queue at <paramref name="queueUrl"/> (and, when too large, to S3), through the
    /// <see cref="IAmazonSQS"/> and <see cref="IAmazonS3"/> registered in <see cref="NeptuneStreamBuilder.Services"/>
    /// (default clients when none are).
    /// </summary>
    /// <param name="builder">The function's builder.</param>
    /// <param name="queueUrl">The queue's URL.</param>
    /// <param name="configure">Sets the bucket for large records and limits.</param>
    public static NeptuneStreamBuilder UseSqsDeadLetters(
        this NeptuneStreamBuilder builder, string queueUrl, Action<SqsDeadLetterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new SqsDeadLetterOptions { QueueUrl = queueUrl };
        configure?.Invoke(options);
        builder.FreezeOnBuild(options.Freeze);
        builder.Services.AddAwsCallPipeline(builder.Options);
        builder.Services.TryAddSingleton<IAmazonSQS>(static _ => new AmazonSQSClient());
        if (options.LargeRecordBucket is not null)
        {
            builder.Services.TryAddSingleton<IAmazonS3>(static _ => new AmazonS3Client());
        }

        builder.Services.Replace(ServiceDescriptor.Singleton<IDeadLetterSink>(sp => new SqsDeadLetterSink(
            sp.GetRequiredService<IAmazonSQS>(),
            options.LargeRecordBucket is null ? null : sp.GetRequiredService<IAmazonS3>(),
            options,
            sp.GetRequiredService<AwsCallPipeline>(),
            sp.GetRequiredService<TimeProvider>())));
        return builder;
    }
}
