using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neptune.Streams.Deployment.Tests.Support;

namespace Neptune.Streams.Deployment.Tests;

/// <summary>
/// Each role grants exactly the AWS calls its code makes, read from the code: the SDK methods (DynamoDB, SQS, S3) and
/// the operations of the repository's own HTTP clients (Kinesis, Neptune) in the sources the function runs, plus a
/// short, justified list of what Lambda itself does with the role. DynamoDB grants are per partition-key prefix
/// (<c>dynamodb:LeadingKeys</c>), each with exactly the calls of the store that writes that prefix.
/// </summary>
public sealed partial class IamCodeCallsTests
{
    /// <summary>What Lambda does with a role, not the function's code.</summary>
    private static readonly Dictionary<string, string[]> PlatformActions = new()
    {
        ["ConsumerFunctionRole"] =
        [
            // The event source mapping reads the stream with the function's role.
            "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards",
            // ... decrypts it (KMS via Kinesis),
            "kms:Decrypt",
            // ... and sends batches it gave up on to the on-failure destination (on OnFailureQueue only, see below).
            "sqs:SendMessage",
            // Lambda writes the function's stdout/stderr (logs and EMF metrics).
            "logs:CreateLogStream", "logs:PutLogEvents",
        ],
        ["PumpFunctionRole"] =
        [
            // Kinesis encrypts what PutRecords writes with a data key it asks KMS for on the caller's behalf.
            "kms:GenerateDataKey",
            "logs:CreateLogStream", "logs:PutLogEvents",
            // Lambda creates the function's network interfaces in the VPC with the role.
            "ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
            "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
        ],
    };

    /// <summary>
    /// The sources each function runs in Lambda. The consumer is QuickStart on the library; QuickStart's local-run files
    /// and src/Neptune.Streams.Local (the local stack) run only on a developer's machine. The pump's redrive command runs
    /// with an operator's credentials, not the pump's role.
    /// </summary>
    private static readonly Dictionary<string, (string[] Folders, string[] Excluded)> Sources = new()
    {
        ["ConsumerFunctionRole"] = (["src/Neptune.Streams.Lambda"], []),
        // KinesisHttpClient and InMemoryKinesis implement IKinesisClient (the pump's calls are on the interface).
        ["PumpFunctionRole"] = (
            ["src/Neptune.Streams.Pump", "src/Neptune.Streams.Pump.Host"],
            ["Redrive", "RedriveCommand.cs", "KinesisHttpClient.cs", "InMemoryKinesis.cs"]),
    };

    private static readonly Dictionary<string, string> SdkMethods = new()
    {
        ["GetItemAsync"] = "dynamodb:GetItem", ["PutItemAsync"] = "dynamodb:PutItem", ["UpdateItemAsync"] = "dynamodb:UpdateItem",
        ["DeleteItemAsync"] = "dynamodb:DeleteItem", ["BatchGetItemAsync"] = "dynamodb:BatchGetItem",
        ["BatchWriteItemAsync"] = "dynamodb:BatchWriteItem", ["QueryAsync"] = "dynamodb:Query", ["ScanAsync"] = "dynamodb:Scan",
        // No IAM action "TransactWriteItems"/"TransactGetItems" exists: a transaction needs the actions of its parts (see TransactionParts).
        ["TransactWriteItemsAsync"] = "dynamodb:TransactWriteItems", ["TransactGetItemsAsync"] = "dynamodb:TransactGetItems",
        ["SendMessageAsync"] = "sqs:SendMessage", ["SendMessageBatchAsync"] = "sqs:SendMessage",
        ["ReceiveMessageAsync"] = "sqs:ReceiveMessage", ["DeleteMessageAsync"] = "sqs:DeleteMessage",
        ["PutRecordsAsync"] = "kinesis:PutRecords", ["ListShardsAsync"] = "kinesis:ListShards",
        ["DescribeStreamSummaryAsync"] = "kinesis:DescribeStreamSummary", ["CreateStreamAsync"] = "kinesis:CreateStream",
        ["GetShardIteratorAsync"] = "kinesis:GetShardIterator", ["GetRecordsAsync"] = "kinesis:GetRecords",
        ["PutObjectAsync"] = "s3:PutObject", ["GetObjectAsync"] = "s3:GetObject", ["DeleteObjectAsync"] = "s3:DeleteObject",
    };

    private readonly SamTemplate _template = SamTemplate.Load();

    [Theory]
    [InlineData("ConsumerFunctionRole")]
    [InlineData("PumpFunctionRole")]
    public void A_role_grants_exactly_the_calls_its_code_makes_and_what_lambda_does_with_it(string role)
    {
        var granted = PolicyStatement.OfRole(_template, role).SelectMany(s => s.Actions).ToHashSet();
        var needed = CodeCalls(role).Select(call => call.Action).Concat(PlatformActions[role]).ToHashSet();

        Assert.True(granted.SetEquals(needed),
            $"{role}: granted but not called: [{string.Join(", ", granted.Except(needed).Order())}]; "
            + $"called but not granted: [{string.Join(", ", needed.Except(granted).Order())}].");
    }

    [Theory]
    [InlineData("ConsumerFunctionRole")]
    [InlineData("PumpFunctionRole")]
    public void Each_dynamodb_grant_covers_one_key_prefix_with_exactly_the_calls_made_on_it(string role)
    {
        var byPrefix = CodeCalls(role).Where(call => call.Action.StartsWith("dynamodb:", StringComparison.Ordinal))
            .GroupBy(call => call.KeyPrefix ?? throw new InvalidOperationException($"{call.File} calls DynamoDB without a key prefix this test can read."))
            .ToDictionary(group => group.Key, group => group.Select(call => call.Action).ToHashSet());
        Assert.NotEmpty(byPrefix);

        var statements = PolicyStatement.OfRole(_template, role).Where(s => s.Actions.Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal))).ToList();
        var seen = new HashSet<string>();
        foreach (var statement in statements)
        {
            var keys = statement.Raw["Condition"]?["ForAllValues:StringLike"]?["dynamodb:LeadingKeys"] as JsonArray;
            Assert.True(keys is not null, $"{role} {statement.Id}: no dynamodb:LeadingKeys condition.");
            string pattern = Assert.Single(keys) switch
            {
                JsonObject sub => SamTemplate.Text(sub["Fn::Sub"]),
                var text => SamTemplate.Text(text),
            };
            string prefix = byPrefix.Keys.SingleOrDefault(p => pattern.StartsWith(p, StringComparison.Ordinal))
                ?? throw new Xunit.Sdk.XunitException($"{role} {statement.Id}: {pattern} is no prefix its code writes ({string.Join(", ", byPrefix.Keys)}).");
            Assert.EndsWith("*", pattern, StringComparison.Ordinal);
            Assert.True(byPrefix[prefix].SetEquals(statement.Actions), $"{role} {statement.Id} on {prefix}: grants [{string.Join(", ", statement.Actions)}], code calls [{string.Join(", ", byPrefix[prefix])}].");
            Assert.True(seen.Add(prefix), $"{role}: two statements for {prefix}.");
        }

        Assert.Equal(byPrefix.Keys.Order(), seen.Order());
    }

    [Fact]
    public void The_consumer_and_the_pump_share_no_key_prefix()
    {
        var consumer = CodeCalls("ConsumerFunctionRole").Select(c => c.KeyPrefix).OfType<string>().ToHashSet();
        var pump = CodeCalls("PumpFunctionRole").Select(c => c.KeyPrefix).OfType<string>().ToHashSet();
        Assert.Empty(consumer.Intersect(pump));
        Assert.Contains("pump#", pump);
        Assert.Contains("checkpoint#", consumer);
    }

    [Fact]
    public void The_on_failure_queue_is_the_only_send_the_code_does_not_make()
    {
        // The code sends to the poison-record queue; only the event source mapping sends to the on-failure queue.
        var send = Assert.Single(PolicyStatement.OfRole(_template, "ConsumerFunctionRole"), s => s.Actions.Contains("sqs:SendMessage"));
        Assert.Contains(send.Resources, r => SamTemplate.IsGetAtt(r, "OnFailureQueue", "Arn"));
        Assert.Contains(CodeCalls("ConsumerFunctionRole"), call => call.Action == "sqs:SendMessage");
    }

    private static List<CodeCall> CodeCalls(string role)
    {
        var (folders, excluded) = Sources[role];
        var constants = TableSchemaPrefixes();
        var calls = new List<CodeCall>();
        foreach (string folder in folders)
        {
            foreach (string file in Directory.GetFiles(RepositoryRoot.File(folder), "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(RepositoryRoot.Path, file);
                if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal)
                    || excluded.Any(e => relative.Split('/').Contains(e)))
                {
                    continue;
                }

                string source = File.ReadAllText(file);
                // A partial class (Store.Part.cs) builds its keys with the helpers of Store.cs.
                string main = Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileName(file).Split('.')[0] + ".cs");
                string? prefix = KeyPrefixOf(source, constants) ?? (File.Exists(main) ? KeyPrefixOf(File.ReadAllText(main), constants) : null);
                foreach (Match call in SdkCall().Matches(source))
                {
                    if (SdkMethods.TryGetValue(call.Groups[1].Value, out string? action)
                        && source.Contains(ServiceNamespace(action), StringComparison.Ordinal))
                    {
                        string? keyPrefix = action.StartsWith("dynamodb:", StringComparison.Ordinal) ? prefix : null;
                        calls.AddRange(TransactionParts(action, source, relative).Select(part => new CodeCall(part, keyPrefix, relative)));
                    }
                }

                if (source.Contains("graph/stream\"", StringComparison.Ordinal) || source.Contains("sparql/stream\"", StringComparison.Ordinal))
                {
                    calls.Add(new CodeCall("neptune-db:GetStreamRecords", null, relative)); // GET /propertygraph|sparql/stream
                }

                if (NeptuneQuery().IsMatch(source))
                {
                    calls.Add(new CodeCall("neptune-db:ReadDataViaQuery", null, relative)); // the label look-up query
                }
            }
        }

        return calls;
    }

    /// <summary>
    /// The IAM actions a call needs: IAM has no <c>dynamodb:TransactWriteItems</c> or <c>dynamodb:TransactGetItems</c>;
    /// a transaction is authorised per item by the action of each part (ConditionCheck → ConditionCheckItem,
    /// Update → UpdateItem, Put → PutItem, Delete → DeleteItem, Get → GetItem), read from the parts the file builds.
    /// </summary>
    private static List<string> TransactionParts(string action, string source, string file)
    {
        if (action is not ("dynamodb:TransactWriteItems" or "dynamodb:TransactGetItems"))
        {
            return [action];
        }

        var parts = TransactPart().Matches(source).Select(m => m.Groups[1].Value switch
        {
            "ConditionCheck" => "dynamodb:ConditionCheckItem",
            "Update" => "dynamodb:UpdateItem",
            "Put" => "dynamodb:PutItem",
            "Delete" => "dynamodb:DeleteItem",
            _ => "dynamodb:GetItem",
        }).Distinct().ToList();
        return parts.Count > 0 ? parts : throw new InvalidOperationException($"{file} runs a DynamoDB transaction whose parts this test cannot read.");
    }

    /// <summary>What a file that calls a service's SDK (or the pump's Kinesis client) names: a call of the same method
    /// name on anything else (an openCypher client's <c>QueryAsync</c>) is not an AWS call.</summary>
    private static string ServiceNamespace(string action) => action[..action.IndexOf(':', StringComparison.Ordinal)] switch
    {
        "dynamodb" => "Amazon.DynamoDBv2",
        "sqs" => "Amazon.SQS",
        "s3" => "Amazon.S3",
        "kinesis" => "Kinesis",
        var service => throw new InvalidOperationException($"No namespace known for {service}."),
    };

    /// <summary>The <c>pk</c> prefix a store writes: a TableSchema constant or a literal "name#".</summary>
    private static string? KeyPrefixOf(string source, Dictionary<string, string> constants)
    {
        var fromSchema = SchemaPrefix().Matches(source).Select(m => constants[m.Groups[1].Value]).Distinct().ToList();
        if (fromSchema.Count > 0)
        {
            return Assert.Single(fromSchema);
        }

        var literal = LiteralPrefix().Match(source);
        return literal.Success ? literal.Groups[1].Value : null;
    }

    private static Dictionary<string, string> TableSchemaPrefixes() =>
        SchemaConstant().Matches(File.ReadAllText(RepositoryRoot.File("src/Neptune.Streams.Lambda/Checkpoints/TableSchema.cs")))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    private sealed record CodeCall(string Action, string? KeyPrefix, string File);

    [GeneratedRegex(@"\.(\w+Async)\(")]
    private static partial Regex SdkCall();

    [GeneratedRegex("new(?: Uri)?\\(\\w+, \"(gremlin|openCypher|opencypher|sparql)\"\\)")]
    private static partial Regex NeptuneQuery();

    [GeneratedRegex(@"\b(ConditionCheck|Update|Put|Delete|Get) = new (?:ConditionCheck|Update|Put|Delete|Get)\b")]
    private static partial Regex TransactPart();

    [GeneratedRegex(@"TableSchema\.(\w+Prefix)\b")]
    private static partial Regex SchemaPrefix();

    [GeneratedRegex("public const string (\\w+Prefix) = \"([^\"]+)\";")]
    private static partial Regex SchemaConstant();

    [GeneratedRegex("\\[\"pk\"\\]\\s*=\\s*new AttributeValue \\{ S = \"([a-z]+#)\"")]
    private static partial Regex LiteralPrefix();
}
