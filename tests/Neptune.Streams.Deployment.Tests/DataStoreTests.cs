using System.Text.Json.Nodes;
using Neptune.Streams.Deployment.Tests.Support;

namespace Neptune.Streams.Deployment.Tests;

/// <summary>The stream, the state table and the queues: schema, capacity mode, encryption, recovery.</summary>
public sealed class DataStoreTests
{
    private readonly SamTemplate _template = SamTemplate.Load();

    [Fact]
    public void The_state_table_has_the_pk_sk_schema_the_checkpoint_store_writes()
    {
        var table = _template.Properties("StateTable");
        var attributes = Assert.IsType<JsonArray>(table["AttributeDefinitions"])
            .Select(a => (SamTemplate.Text(a?["AttributeName"]), SamTemplate.Text(a?["AttributeType"])));
        Assert.Equal([("pk", "S"), ("sk", "S")], attributes);
        var keys = Assert.IsType<JsonArray>(table["KeySchema"])
            .Select(k => (SamTemplate.Text(k?["AttributeName"]), SamTemplate.Text(k?["KeyType"])));
        Assert.Equal([("pk", "HASH"), ("sk", "RANGE")], keys);
        Assert.Null(table["GlobalSecondaryIndexes"]);
    }

    [Fact]
    public void The_state_table_is_on_demand_recoverable_encrypted_and_expires_items_by_ttl()
    {
        var table = _template.Properties("StateTable");
        Assert.Equal("PAY_PER_REQUEST", SamTemplate.Text(table["BillingMode"]));
        Assert.Equal("true", SamTemplate.Text(table["PointInTimeRecoverySpecification"]?["PointInTimeRecoveryEnabled"]));
        Assert.Equal("ttl", SamTemplate.Text(table["TimeToLiveSpecification"]?["AttributeName"]));
        Assert.Equal("true", SamTemplate.Text(table["TimeToLiveSpecification"]?["Enabled"]));
        Assert.Equal("true", SamTemplate.Text(table["SSESpecification"]?["SSEEnabled"]));
    }

    [Fact]
    public void Checkpoints_survive_a_stack_deletion()
    {
        var table = _template.Resource("StateTable");
        Assert.Equal("Retain", SamTemplate.Text(table["DeletionPolicy"]));
        Assert.Equal("Retain", SamTemplate.Text(table["UpdateReplacePolicy"]));
    }

    [Fact]
    public void The_stream_is_encrypted_with_the_kinesis_managed_key()
    {
        var encryption = _template.Properties("ChangeStream")["StreamEncryption"];
        Assert.Equal("KMS", SamTemplate.Text(encryption?["EncryptionType"]));
        Assert.Equal("alias/aws/kinesis", SamTemplate.Text(encryption?["KeyId"]));
    }

    [Fact]
    public void Shard_count_and_retention_come_from_parameters()
    {
        var stream = _template.Properties("ChangeStream");
        Assert.Equal("StreamShardCount", _template.ReferencedParameter(stream["ShardCount"]));
        Assert.Equal("StreamRetentionHours", _template.ReferencedParameter(stream["RetentionPeriodHours"]));
        Assert.Equal("24", SamTemplate.Text(_template.Parameters["StreamRetentionHours"]?["MinValue"]));
        Assert.Equal("8760", SamTemplate.Text(_template.Parameters["StreamRetentionHours"]?["MaxValue"]));
    }

    [Theory]
    [InlineData("OnFailureQueue")]
    [InlineData("PoisonRecordQueue")]
    public void Dead_letter_queues_are_encrypted_and_keep_messages_fourteen_days(string queue)
    {
        var properties = _template.Properties(queue);
        Assert.True(
            properties["SqsManagedSseEnabled"]?.GetValue<string>() == "true" || properties["KmsMasterKeyId"] is not null,
            $"{queue} is not encrypted.");
        Assert.Equal("1209600", SamTemplate.Text(properties["MessageRetentionPeriod"]));
    }

    [Fact]
    public void The_optional_neptune_parameter_group_turns_streams_on()
    {
        var group = _template.Resource("NeptuneStreamsParameterGroup");
        Assert.Equal("AWS::Neptune::DBClusterParameterGroup", SamTemplate.Text(group["Type"]));
        Assert.Equal("EnableNeptuneParameterGroup", SamTemplate.Text(group["Condition"]));
        Assert.Equal("1", SamTemplate.Text(group["Properties"]?["Parameters"]?["neptune_streams"]));
        Assert.Equal("NeptuneStreamsExpiryDays", _template.ReferencedParameter(group["Properties"]?["Parameters"]?["neptune_streams_expiry_days"]));
        Assert.True(_template.Conditions.ContainsKey("EnableNeptuneParameterGroup"));
        Assert.Equal("false", _template.ParameterDefault("CreateNeptuneParameterGroup"));
    }
}
