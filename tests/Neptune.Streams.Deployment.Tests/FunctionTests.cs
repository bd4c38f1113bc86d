using System.Text.Json.Nodes;
using Neptune.Streams.Deployment.Tests.Support;

namespace Neptune.Streams.Deployment.Tests;

/// <summary>How the two functions are built and run, and the environment variables their code reads.</summary>
public sealed class FunctionTests
{
    private readonly SamTemplate _template = SamTemplate.Load();

    [Theory]
    [InlineData("ConsumerFunction", "samples/QuickStart/")]
    [InlineData("NeptunePumpFunction", "src/Neptune.Streams.Pump.Host/")]
    public void Each_function_is_a_native_aot_bootstrap_on_the_os_only_runtime(string function, string codeUri)
    {
        Assert.Equal("AWS::Serverless::Function", _template.Type(function));
        Assert.Equal("provided.al2023", SamTemplate.Text(_template.FunctionSetting(function, "Runtime")));
        Assert.Equal("bootstrap", SamTemplate.Text(_template.FunctionSetting(function, "Handler")));
        Assert.Equal("makefile", SamTemplate.Text(_template.Resource(function)["Metadata"]?["BuildMethod"]));
        Assert.Equal(codeUri, SamTemplate.Text(_template.Properties(function)["CodeUri"]));

        // The Makefile publishes the one project in CodeUri; provided.al2023 starts an executable named bootstrap. The
        // settings may be in the project or in a Directory.Build.props above it (samples/ has one for all samples).
        string project = string.Concat(
            new[] { Assert.Single(Directory.GetFiles(RepositoryRoot.File(codeUri), "*.csproj")) }
                .Concat(DirectoryBuildProps(RepositoryRoot.File(codeUri)))
                .Select(File.ReadAllText));
        Assert.Contains("<PublishAot>true</PublishAot>", project, StringComparison.Ordinal);
        Assert.Contains("<OutputType>Exe</OutputType>", project, StringComparison.Ordinal);
        if (codeUri == "src/Neptune.Streams.Pump.Host/")
        {
            // The pump host keeps its name (no assembly named bootstrap is a friend of the library's internals); its
            // Makefile target hands the executable to SAM as bootstrap.
            Assert.Contains("<AssemblyName>neptune-stream-pump</AssemblyName>", project, StringComparison.Ordinal);
            Assert.DoesNotContain("<AssemblyName>bootstrap</AssemblyName>", project, StringComparison.Ordinal);
            Assert.Contains(
                "$(call publish_bootstrap,src/Neptune.Streams.Pump.Host/Neptune.Streams.Pump.Host.csproj,neptune-stream-pump)",
                File.ReadAllText(RepositoryRoot.File("Makefile")), StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("<AssemblyName>bootstrap</AssemblyName>", project, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Functions_run_on_arm64_unless_the_architecture_parameter_says_otherwise()
    {
        var architectures = Assert.IsType<JsonArray>(_template.Root["Globals"]?["Function"]?["Architectures"]);
        Assert.Equal("FunctionArchitecture", _template.ReferencedParameter(Assert.Single(architectures)));
        Assert.Equal("arm64", _template.ParameterDefault("FunctionArchitecture"));
    }

    [Fact]
    public void The_consumer_gets_the_table_the_dead_letter_queue_and_the_metrics_namespace()
    {
        var environment = _template.EnvironmentOf("ConsumerFunction");
        Assert.Equal(
            [
                "NEPTUNE_STREAMS_CHECKPOINT_SCOPE",
                "NEPTUNE_STREAMS_DEAD_LETTER_BUCKET",
                "NEPTUNE_STREAMS_DEAD_LETTER_QUEUE_URL",
                "NEPTUNE_STREAMS_ENVIRONMENT",
                "NEPTUNE_STREAMS_METRICS_NAMESPACE",
                "NEPTUNE_STREAMS_TABLE_NAME",
            ],
            environment.Select(pair => pair.Key).Order(StringComparer.Ordinal));
        Assert.True(SamTemplate.IsRef(environment["NEPTUNE_STREAMS_TABLE_NAME"], "StateTable"));
        Assert.True(SamTemplate.IsRef(environment["NEPTUNE_STREAMS_DEAD_LETTER_QUEUE_URL"], "PoisonRecordQueue"));
        Assert.True(SamTemplate.IsRef(environment["NEPTUNE_STREAMS_METRICS_NAMESPACE"], "MetricsNamespace"));
    }

    [Fact]
    public void The_checkpoint_scope_follows_the_parallelization_factor()
    {
        var scope = Assert.IsType<JsonArray>(_template.EnvironmentOf("ConsumerFunction")["NEPTUNE_STREAMS_CHECKPOINT_SCOPE"]?["Fn::If"]);
        Assert.Equal(["OneBatchPerShard", "Shard", "PartitionKey"], scope.Select(SamTemplate.Text));
        var condition = Assert.IsType<JsonArray>(_template.Conditions["OneBatchPerShard"]?["Fn::Equals"]);
        Assert.True(SamTemplate.IsRef(condition[0], "ParallelizationFactor"), condition.ToJsonString());
        Assert.Equal("1", SamTemplate.Text(condition[1]));
    }

    [Fact]
    public void The_pump_gets_neptune_the_stream_and_the_table()
    {
        var environment = _template.EnvironmentOf("NeptunePumpFunction");
        Assert.Equal(
            [
                "NEPTUNE_STREAMS_ENVIRONMENT",
                "NEPTUNE_STREAMS_KINESIS_STREAM_NAME",
                "NEPTUNE_STREAMS_METRICS_NAMESPACE",
                "NEPTUNE_STREAMS_NEPTUNE_ENDPOINT",
                "NEPTUNE_STREAMS_NEPTUNE_IAM_AUTH",
                "NEPTUNE_STREAMS_NEPTUNE_STREAM_KIND",
                "NEPTUNE_STREAMS_PUMP_DEAD_LETTER_BUCKET",
                "NEPTUNE_STREAMS_PUMP_DEAD_LETTER_QUEUE_URL",
                "NEPTUNE_STREAMS_PUMP_INITIAL_POSITION",
                "NEPTUNE_STREAMS_TABLE_NAME",
            ],
            environment.Select(pair => pair.Key).Order(StringComparer.Ordinal));
        Assert.True(SamTemplate.IsRef(environment["NEPTUNE_STREAMS_KINESIS_STREAM_NAME"], "ChangeStream"));
        Assert.True(SamTemplate.IsRef(environment["NEPTUNE_STREAMS_NEPTUNE_ENDPOINT"], "NeptuneEndpoint"));
        Assert.True(SamTemplate.IsRef(environment["NEPTUNE_STREAMS_TABLE_NAME"], "StateTable"));
    }

    [Theory]
    [InlineData("NEPTUNE_STREAMS_PUMP_DEAD_LETTER_QUEUE_URL", "PumpDeadLetterQueue")]
    [InlineData("NEPTUNE_STREAMS_PUMP_DEAD_LETTER_BUCKET", "DeadLetterBucket")]
    public void The_pump_gets_its_dead_letter_queue_and_bucket_together_when_the_bucket_exists(string variable, string resource)
    {
        // PumpSettings refuses one without the other, so both follow the bucket's condition.
        var value = Assert.IsType<JsonArray>(_template.EnvironmentOf("NeptunePumpFunction")[variable]?["Fn::If"]);
        Assert.Equal("HasDeadLetterBucket", SamTemplate.Text(value[0]));
        Assert.True(SamTemplate.IsRef(value[1], resource), value.ToJsonString());
        Assert.True(SamTemplate.IsRef(value[2], "AWS::NoValue"), value.ToJsonString());
    }

    [Fact]
    public void The_pump_runs_every_minute_once_a_neptune_endpoint_is_given()
    {
        var events = Assert.IsType<JsonObject>(_template.Properties("NeptunePumpFunction")["Events"]);
        var schedule = Assert.Single(events).Value!;
        Assert.Equal("Schedule", SamTemplate.Text(schedule["Type"]));
        Assert.Equal("rate(1 minute)", SamTemplate.Text(schedule["Properties"]?["Schedule"]));
        var state = Assert.IsType<JsonArray>(schedule["Properties"]?["State"]?["Fn::If"]);
        Assert.Equal(["HasNeptuneEndpoint", "ENABLED", "DISABLED"], state.Select(SamTemplate.Text));
    }

    [Fact]
    public void Every_resource_and_function_is_tagged_with_its_environment()
    {
        var globalTags = _template.Root["Globals"]?["Function"]?["Tags"];
        Assert.True(SamTemplate.IsRef(globalTags?["Environment"], "EnvironmentName"));
        var tagged = _template.Resources
            .Where(pair => pair.Value?["Properties"]?["Tags"] is JsonArray)
            .Select(pair => pair.Key).ToList();
        Assert.Contains("ChangeStream", tagged);
        Assert.Contains("StateTable", tagged);
        foreach (var id in tagged)
        {
            var tags = (JsonArray)_template.Properties(id)["Tags"]!;
            Assert.Contains(tags, tag => tag?["Key"]?.GetValue<string>() == "Environment" && SamTemplate.IsRef(tag["Value"], "EnvironmentName"));
        }
    }

    [Fact]
    public void The_outputs_name_the_stream_table_queues_and_functions()
    {
        Assert.Superset(
            new HashSet<string>
            {
                "StreamName", "StreamArn", "TableName", "OnFailureQueueUrl", "PoisonRecordQueueUrl",
                "ConsumerFunctionName", "ConsumerFunctionArn", "PumpFunctionName", "PumpFunctionArn",
            },
            _template.Outputs.Select(pair => pair.Key).ToHashSet());
    }

    /// <summary>The Directory.Build.props files MSBuild imports for a project in <paramref name="directory"/>, nearest first.</summary>
    private static IEnumerable<string> DirectoryBuildProps(string directory)
    {
        for (var folder = new DirectoryInfo(directory); folder is not null; folder = folder.Parent)
        {
            string props = Path.Combine(folder.FullName, "Directory.Build.props");
            if (File.Exists(props))
            {
                yield return props;
            }

            if (string.Equals(folder.FullName.TrimEnd('/'), RepositoryRoot.Path.TrimEnd('/'), StringComparison.Ordinal))
            {
                yield break;
            }
        }
    }
}
