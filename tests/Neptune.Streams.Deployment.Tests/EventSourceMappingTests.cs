using System.Text.Json.Nodes;
using Neptune.Streams.Deployment.Tests.Support;

namespace Neptune.Streams.Deployment.Tests;

/// <summary>The consumer's Kinesis event source mapping: the settings the library's batch semantics depend on.</summary>
public sealed class EventSourceMappingTests
{
    private readonly SamTemplate _template = SamTemplate.Load();

    private JsonObject Mapping
    {
        get
        {
            var events = _template.Properties("ConsumerFunction")["Events"] as JsonObject;
            var kinesis = events?.Select(pair => pair.Value).OfType<JsonObject>()
                .Where(source => source["Type"]?.GetValue<string>() == "Kinesis").ToList() ?? [];
            Assert.Single(kinesis);
            return (JsonObject)kinesis[0]["Properties"]!;
        }
    }

    [Fact]
    public void The_consumer_reads_the_templates_own_stream_from_the_trim_horizon()
    {
        Assert.True(SamTemplate.IsGetAtt(Mapping["Stream"], "ChangeStream", "Arn"), Mapping["Stream"]?.ToJsonString());
        Assert.Equal("AWS::Kinesis::Stream", _template.Type("ChangeStream"));
        Assert.Equal("TRIM_HORIZON", SamTemplate.Text(Mapping["StartingPosition"]));
    }

    [Fact]
    public void Partial_batch_failures_are_reported_and_failing_batches_are_bisected()
    {
        var responseTypes = Assert.IsType<JsonArray>(Mapping["FunctionResponseTypes"]);
        Assert.Equal(["ReportBatchItemFailures"], responseTypes.Select(SamTemplate.Text));
        Assert.Equal("true", SamTemplate.Text(Mapping["BisectBatchOnFunctionError"]));
    }

    [Theory]
    [InlineData("BatchSize", "100", 1, 10000)]
    [InlineData("MaximumBatchingWindowInSeconds", "1", 0, 300)]
    [InlineData("ParallelizationFactor", "1", 1, 10)]
    [InlineData("MaximumRetryAttempts", "10", -1, 10000)]
    [InlineData("MaximumRecordAgeInSeconds", "86400", -1, 604800)]
    public void Each_tuning_setting_comes_from_a_parameter_with_a_bounded_default(string setting, string expectedDefault, int min, int max)
    {
        var parameter = _template.ReferencedParameter(Mapping[setting]);
        Assert.Equal(setting, parameter);
        Assert.Equal(expectedDefault, _template.ParameterDefault(parameter));
        var declaration = _template.Parameters[parameter]!;
        Assert.Equal("Number", SamTemplate.Text(declaration["Type"]));
        Assert.Equal(min.ToString(System.Globalization.CultureInfo.InvariantCulture), SamTemplate.Text(declaration["MinValue"]));
        Assert.Equal(max.ToString(System.Globalization.CultureInfo.InvariantCulture), SamTemplate.Text(declaration["MaxValue"]));
    }

    [Fact]
    public void By_default_a_failing_batch_is_not_retried_forever()
    {
        // -1 (the service default) would block a shard for the whole retention period behind one bad batch.
        Assert.NotEqual("-1", _template.ParameterDefault("MaximumRetryAttempts"));
        Assert.NotEqual("-1", _template.ParameterDefault("MaximumRecordAgeInSeconds"));
    }

    [Fact]
    public void Batches_Lambda_gives_up_on_go_to_the_on_failure_queue()
    {
        var onFailure = Mapping["DestinationConfig"]?["OnFailure"];
        Assert.NotNull(onFailure);
        Assert.Equal("SQS", SamTemplate.Text(onFailure["Type"]));
        Assert.True(SamTemplate.IsGetAtt(onFailure["Destination"], "OnFailureQueue", "Arn"), onFailure.ToJsonString());
        Assert.Equal("AWS::SQS::Queue", _template.Type("OnFailureQueue"));
    }
}
