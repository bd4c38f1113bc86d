using Neptune.Streams.Deployment.Tests.Support;

namespace Neptune.Streams.Deployment.Tests;

/// <summary>
/// Least privilege: each function's role holds exactly the actions its code uses, on the template's own resources.
/// Adding an action means changing the expected set here on purpose.
/// </summary>
public sealed class IamPolicyTests
{
    private static readonly string[] ConsumerActions =
    [
        // Checkpoints (BatchGetItem for scope PartitionKey), idempotency markers and high-water marks.
        "dynamodb:BatchGetItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
        "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator",
        "kinesis:ListShards",
        "kms:Decrypt",
        "logs:CreateLogStream", "logs:PutLogEvents",
        "s3:PutObject",
        "sqs:SendMessage",
    ];

    private static readonly string[] PumpActions =
    [
        // Position, lease and snapshot progress: GetItem, conditional UpdateItem and PutItem, and the position write's
        // transaction (ConditionCheckItem on the lease + UpdateItem); no DeleteItem.
        "dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
        "ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
        "kinesis:PutRecords",
        "kms:GenerateDataKey",
        "logs:CreateLogStream", "logs:PutLogEvents",
        "neptune-db:GetStreamRecords", "neptune-db:ReadDataViaQuery",
        // Changes too large for Kinesis: the envelope to S3 (pump-dead-letters/ only), a message naming it to SQS.
        "s3:PutObject",
        "sqs:SendMessage",
    ];

    // Lambda's VPC network-interface actions accept no resource narrower than "*".
    private static readonly HashSet<string> ActionsThatRequireAnyResource =
    [
        "ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
    ];

    private readonly SamTemplate _template = SamTemplate.Load();

    [Fact]
    public void Only_the_two_function_roles_exist_and_each_function_uses_its_own()
    {
        Assert.Equal(["ConsumerFunctionRole", "PumpFunctionRole"], _template.ResourcesOfType("AWS::IAM::Role").Order());
        Assert.Empty(_template.ResourcesOfType("AWS::IAM::Policy"));
        Assert.Empty(_template.ResourcesOfType("AWS::IAM::ManagedPolicy"));
        Assert.True(SamTemplate.IsGetAtt(_template.Properties("ConsumerFunction")["Role"], "ConsumerFunctionRole", "Arn"));
        Assert.True(SamTemplate.IsGetAtt(_template.Properties("NeptunePumpFunction")["Role"], "PumpFunctionRole", "Arn"));
        foreach (var function in _template.ResourcesOfType("AWS::Serverless::Function"))
        {
            // Without a Role, SAM would generate one with AWSLambdaBasicExecutionRole on every resource.
            Assert.NotNull(_template.Properties(function)["Role"]);
            Assert.Null(_template.Properties(function)["Policies"]);
        }
    }

    [Theory]
    [InlineData("ConsumerFunctionRole")]
    [InlineData("PumpFunctionRole")]
    public void Roles_trust_only_lambda_and_carry_no_managed_policies(string role)
    {
        var properties = _template.Properties(role);
        Assert.Null(properties["ManagedPolicyArns"]);
        Assert.Null(properties["RoleName"]); // a named role would need CAPABILITY_NAMED_IAM in samconfig.toml
        var trust = Assert.Single(properties["AssumeRolePolicyDocument"]!["Statement"]!.AsArray());
        Assert.Equal("lambda.amazonaws.com", SamTemplate.Text(trust?["Principal"]?["Service"]));
        Assert.Equal("sts:AssumeRole", SamTemplate.Text(trust?["Action"]));
    }

    [Fact]
    public void The_consumer_role_holds_exactly_the_actions_the_consumer_uses()
    {
        var actions = PolicyStatement.OfRole(_template, "ConsumerFunctionRole").SelectMany(s => s.Actions).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(ConsumerActions.Order(StringComparer.Ordinal), actions);
    }

    [Fact]
    public void The_pump_role_holds_exactly_the_actions_the_pump_uses()
    {
        var actions = PolicyStatement.OfRole(_template, "PumpFunctionRole").SelectMany(s => s.Actions).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(PumpActions.Order(StringComparer.Ordinal), actions);
    }

    [Theory]
    [InlineData("ConsumerFunctionRole")]
    [InlineData("PumpFunctionRole")]
    public void No_statement_uses_wildcard_actions_or_any_resource_where_aws_allows_narrower(string role)
    {
        foreach (var statement in PolicyStatement.OfRole(_template, role))
        {
            Assert.True(statement.Allows, $"{statement.Id} is not an Allow statement.");
            Assert.All(statement.Actions, action => Assert.DoesNotContain("*", action, StringComparison.Ordinal));
            Assert.DoesNotContain("cloudwatch:PutMetricData", statement.Actions); // EMF goes through the logs
            var anyResource = statement.Resources.Any(resource => resource is System.Text.Json.Nodes.JsonValue value && value.GetValue<string>() == "*");
            if (anyResource)
            {
                Assert.All(statement.Actions, action => Assert.Contains(action, ActionsThatRequireAnyResource));
                Assert.Equal("HasNeptuneVpc", statement.IncludedWhen);
            }
        }
    }

    [Theory]
    [InlineData("ConsumerFunctionRole", "kinesis:", "ChangeStream", "Arn")]
    [InlineData("PumpFunctionRole", "kinesis:", "ChangeStream", "Arn")]
    [InlineData("ConsumerFunctionRole", "dynamodb:", "StateTable", "Arn")]
    [InlineData("PumpFunctionRole", "dynamodb:", "StateTable", "Arn")]
    [InlineData("ConsumerFunctionRole", "logs:", "ConsumerLogGroup", "Arn")]
    [InlineData("PumpFunctionRole", "logs:", "PumpLogGroup", "Arn")]
    public void Service_actions_reach_only_the_templates_own_resource(string role, string servicePrefix, string resource, string attribute)
    {
        var statements = PolicyStatement.OfRole(_template, role)
            .Where(s => s.Actions.Any(a => a.StartsWith(servicePrefix, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(statements);
        foreach (var statement in statements)
        {
            Assert.All(statement.Actions, a => Assert.StartsWith(servicePrefix, a, StringComparison.Ordinal));
            Assert.True(SamTemplate.IsGetAtt(Assert.Single(statement.Resources), resource, attribute), statement.Raw.ToJsonString());
        }
    }

    [Fact]
    public void The_consumer_sends_only_to_the_poison_and_on_failure_queues()
    {
        var statement = Assert.Single(PolicyStatement.OfRole(_template, "ConsumerFunctionRole"), s => s.Actions.Contains("sqs:SendMessage"));
        Assert.Equal(["sqs:SendMessage"], statement.Actions);
        Assert.Equal(2, statement.Resources.Count);
        Assert.Contains(statement.Resources, r => SamTemplate.IsGetAtt(r, "PoisonRecordQueue", "Arn"));
        Assert.Contains(statement.Resources, r => SamTemplate.IsGetAtt(r, "OnFailureQueue", "Arn"));
    }

    [Fact]
    public void The_pump_sends_only_to_its_dead_letter_queue_and_writes_only_under_pump_dead_letters()
    {
        var send = Assert.Single(PolicyStatement.OfRole(_template, "PumpFunctionRole"), s => s.Actions.Contains("sqs:SendMessage"));
        Assert.Equal(["sqs:SendMessage"], send.Actions);
        Assert.True(SamTemplate.IsGetAtt(Assert.Single(send.Resources), "PumpDeadLetterQueue", "Arn"), send.Raw.ToJsonString());

        var put = Assert.Single(PolicyStatement.OfRole(_template, "PumpFunctionRole"), s => s.Actions.Contains("s3:PutObject"));
        Assert.Equal(["s3:PutObject"], put.Actions);
        Assert.Equal("${DeadLetterBucket.Arn}/pump-dead-letters/*", SamTemplate.Text(Assert.Single(put.Resources)?["Fn::Sub"]));
    }

    [Theory]
    [InlineData("ConsumerFunctionRole", "s3:PutObject", "HasDeadLetterBucket")]
    [InlineData("PumpFunctionRole", "s3:PutObject", "HasDeadLetterBucket")]
    [InlineData("PumpFunctionRole", "sqs:SendMessage", "HasDeadLetterBucket")]
    [InlineData("PumpFunctionRole", "neptune-db:GetStreamRecords", "HasNeptuneIamAuth")]
    [InlineData("PumpFunctionRole", "ec2:CreateNetworkInterface", "HasNeptuneVpc")]
    public void Optional_permissions_exist_only_when_their_feature_is_on(string role, string action, string condition)
    {
        var statement = Assert.Single(PolicyStatement.OfRole(_template, role), s => s.Actions.Contains(action));
        Assert.Equal(condition, statement.IncludedWhen);
        Assert.True(_template.Conditions.ContainsKey(condition));
    }

    [Fact]
    public void The_pump_reads_only_the_configured_neptune_cluster()
    {
        var statement = Assert.Single(PolicyStatement.OfRole(_template, "PumpFunctionRole"), s => s.Actions.Contains("neptune-db:GetStreamRecords"));
        var arn = SamTemplate.Text(Assert.Single(statement.Resources)?["Fn::Sub"]);
        Assert.Equal("arn:${AWS::Partition}:neptune-db:${AWS::Region}:${AWS::AccountId}:${NeptuneClusterResourceId}/*", arn);
    }

    [Theory]
    [InlineData("ConsumerFunctionRole", "kms:Decrypt")]
    [InlineData("PumpFunctionRole", "kms:GenerateDataKey")]
    public void Kms_use_is_limited_to_calls_made_through_kinesis(string role, string action)
    {
        var statement = Assert.Single(PolicyStatement.OfRole(_template, role), s => s.Actions.Contains(action));
        Assert.Equal([action], statement.Actions);
        Assert.Equal("kinesis.${AWS::Region}.amazonaws.com", SamTemplate.Text(statement.Raw["Condition"]?["StringEquals"]?["kms:ViaService"]?["Fn::Sub"]));
    }
}
