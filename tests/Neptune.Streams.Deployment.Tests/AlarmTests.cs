using System.Text.Json.Nodes;
using Neptune.Streams.Deployment.Tests.Support;

namespace Neptune.Streams.Deployment.Tests;

/// <summary>The alarms that tell an operator the pipeline is late, failing or dead-lettering.</summary>
public sealed class AlarmTests
{
    private readonly SamTemplate _template = SamTemplate.Load();

    private IEnumerable<JsonObject> Alarms =>
        _template.ResourcesOfType("AWS::CloudWatch::Alarm").Select(_template.Properties);

    private JsonObject SingleAlarm(string namespaceOrParameter, string metric, Func<JsonNode?, bool> dimensionValue)
    {
        var matches = Alarms.Where(alarm =>
            (SamTemplate.IsRef(alarm["Namespace"], namespaceOrParameter) || alarm["Namespace"] is JsonValue value && value.GetValue<string>() == namespaceOrParameter)
            && SamTemplate.Text(alarm["MetricName"]) == metric
            && (alarm["Dimensions"] as JsonArray ?? []).Any(dimension => dimensionValue(dimension?["Value"]))).ToList();
        Assert.True(matches.Count == 1, $"Expected one alarm on {namespaceOrParameter}/{metric}, found {matches.Count}.");
        return matches[0];
    }

    [Fact]
    public void Stream_lag_above_one_second_for_three_periods_raises_an_alarm()
    {
        var alarm = SingleAlarm("MetricsNamespace", "StreamLag", value => SamTemplate.IsRef(value, "ConsumerFunction"));
        Assert.Equal("NeptuneStreams", _template.ParameterDefault("MetricsNamespace"));
        var dimensions = Assert.IsType<JsonArray>(alarm["Dimensions"]);
        Assert.Equal(["FunctionName"], dimensions.Select(dimension => SamTemplate.Text(dimension?["Name"])));
        Assert.Equal("1000", SamTemplate.Text(alarm["Threshold"]));
        Assert.Equal("3", SamTemplate.Text(alarm["EvaluationPeriods"]));
        Assert.Equal("GreaterThanThreshold", SamTemplate.Text(alarm["ComparisonOperator"]));
    }

    [Fact]
    public void Iterator_age_is_watched_on_the_stream_and_on_the_consumer()
    {
        var stream = SingleAlarm("AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", value => SamTemplate.IsRef(value, "ChangeStream"));
        var consumer = SingleAlarm("AWS/Lambda", "IteratorAge", value => SamTemplate.IsRef(value, "ConsumerFunction"));
        foreach (var alarm in new[] { stream, consumer })
        {
            Assert.Equal("IteratorAgeAlarmThresholdMilliseconds", _template.ReferencedParameter(alarm["Threshold"]));
            Assert.Equal("GreaterThanThreshold", SamTemplate.Text(alarm["ComparisonOperator"]));
        }
    }

    [Theory]
    [InlineData("ConsumerFunction")]
    [InlineData("NeptunePumpFunction")]
    public void Any_function_error_raises_an_alarm(string function)
    {
        var alarm = SingleAlarm("AWS/Lambda", "Errors", value => SamTemplate.IsRef(value, function));
        Assert.Equal("Sum", SamTemplate.Text(alarm["Statistic"]));
        Assert.Equal("0", SamTemplate.Text(alarm["Threshold"]));
        Assert.Equal("GreaterThanThreshold", SamTemplate.Text(alarm["ComparisonOperator"]));
    }

    [Fact]
    public void Every_queue_has_a_depth_alarm_that_fires_on_the_first_message()
    {
        var queues = _template.ResourcesOfType("AWS::SQS::Queue").ToList();
        Assert.Equal(["OnFailureQueue", "PoisonRecordQueue", "PumpDeadLetterQueue"], queues.Order());
        foreach (var queue in queues)
        {
            var alarm = SingleAlarm("AWS/SQS", "ApproximateNumberOfMessagesVisible", value => SamTemplate.IsGetAtt(value, queue, "QueueName"));
            Assert.Equal("0", SamTemplate.Text(alarm["Threshold"]));
            Assert.Equal("GreaterThanThreshold", SamTemplate.Text(alarm["ComparisonOperator"]));
        }
    }

    [Fact]
    public void An_expired_pump_position_raises_an_alarm()
    {
        var alarm = SingleAlarm("MetricsNamespace", "StreamExpired", value => SamTemplate.IsRef(value, "NeptunePumpFunction"));
        Assert.Equal("0", SamTemplate.Text(alarm["Threshold"]));
    }

    [Fact]
    public void A_change_the_pump_dead_letters_raises_an_alarm_on_the_first()
    {
        // PumpMetrics writes OversizedChanges with dimension FunctionName (AWS_LAMBDA_FUNCTION_NAME) in MetricsNamespace.
        var alarm = SingleAlarm("MetricsNamespace", "OversizedChanges", value => SamTemplate.IsRef(value, "NeptunePumpFunction"));
        Assert.Equal("Sum", SamTemplate.Text(alarm["Statistic"]));
        Assert.Equal("1", SamTemplate.Text(alarm["Threshold"]));
        Assert.Equal("GreaterThanOrEqualToThreshold", SamTemplate.Text(alarm["ComparisonOperator"]));
    }

    [Fact]
    public void Every_alarm_notifies_the_optional_topic_and_treats_missing_data_as_healthy()
    {
        foreach (var alarm in Alarms)
        {
            Assert.Equal("notBreaching", SamTemplate.Text(alarm["TreatMissingData"]));
            foreach (var actions in new[] { alarm["AlarmActions"], alarm["OKActions"] })
            {
                var conditional = Assert.IsType<JsonArray>(actions?["Fn::If"]);
                Assert.Equal("HasAlarmTopic", SamTemplate.Text(conditional[0]));
                Assert.True(SamTemplate.IsRef(conditional[1]?[0], "AlarmTopicArn"), conditional.ToJsonString());
            }
        }
    }
}
