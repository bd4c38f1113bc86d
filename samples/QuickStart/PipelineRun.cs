using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Checkpoints;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Local.Pipeline;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.State;
using QuickStart.View;

namespace QuickStart;

/// <summary>
/// The main job: the whole pipeline on one machine, each piece embedded unless an endpoint points it at moto_server or
/// AWS — local Neptune endpoint → pump → Kinesis → event source mapping → <see cref="QuickStartFunction"/>.
/// </summary>
internal sealed class PipelineRun(IReadOnlyDictionary<string, string?> settings, EventWriter writer)
{
    private const string Region = "us-east-1";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var options = new LocalPipelineOptions();
        if (settings.TryGetValue("--mutations", out string? mutations))
        {
            options.Mutations = int.Parse(mutations!, CultureInfo.InvariantCulture);
        }

        if (settings.TryGetValue("--neptune-endpoint", out string? neptune))
        {
            options.NeptuneEndpoint = new Uri(neptune!);
            options.NeptuneCredentials = CredentialsFor(options.NeptuneEndpoint);
        }
        else
        {
            var clock = new ShiftableClock();
            options.Graph = new LocalGraph(clock);
            if (settings.ContainsKey("--snapshot"))
            {
                WriteHistory(options, clock);
            }
        }

        if (settings.ContainsKey("--snapshot"))
        {
            options.Pump.StartPosition = PumpStartPosition.Snapshot;
            options.Pump.Snapshot.PageSize = 10;
        }

        if (settings.TryGetValue("--kinesis-endpoint", out string? kinesis))
        {
            var endpoint = new Uri(kinesis!);
            options.Kinesis = KinesisHttpClient.Create(endpoint, CredentialsFor(endpoint), Region);
        }

        string table = settings.TryGetValue("--table", out string? name) ? name! : "neptune-streams";
        IAmazonDynamoDB? dynamo = null;
        if (settings.TryGetValue("--dynamodb-endpoint", out string? dynamoEndpoint))
        {
            var endpoint = new Uri(dynamoEndpoint!);
            dynamo = new AmazonDynamoDBClient(CredentialsFor(endpoint), new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = Region });
            await EnsureTableAsync(dynamo, table, cancellationToken);
            options.PumpState = new DynamoDbPumpStateStore(dynamo, table);
        }

        bool quiet = settings.ContainsKey("--quiet");
        writer.Format = quiet ? EventFormat.None : EventFormat.Readable;
        await using var function = new QuickStartFunction();
        function.Override(builder =>
        {
            builder.Services.AddSingleton(writer);
            builder.Options.Metrics.Enabled = false; // standard output is the event lines and the summary
            if (dynamo is not null)
            {
                builder.Services.AddSingleton<IAmazonDynamoDB>(dynamo);
                builder.UseDynamoDbCheckpoints(table);
            }
            else
            {
                builder.UseInMemoryCheckpoints();
            }
        });

        Console.WriteLine("Neptune.Streams.Lambda QuickStart: local Neptune endpoint -> pump -> "
            + (options.Kinesis is null ? "in-memory Kinesis" : "Kinesis at " + settings["--kinesis-endpoint"])
            + " -> event source mapping -> QuickStartFunction"
            + (dynamo is null ? " (checkpoints in memory)" : $" (checkpoints in DynamoDB table {table})"));
        if (!quiet)
        {
            Console.WriteLine($"{"commit",6}  {"event",-13} {"labels",-9} element");
        }

        int invocations = 0;
        LocalPipelineSummary summary = await LocalPipeline.RunAsync(
            function,
            options,
            activity =>
            {
                if (activity.Kind == PipelineActivityKind.Invoked)
                {
                    Interlocked.Increment(ref invocations);
                }
                else if (activity.Kind == PipelineActivityKind.GaveUp)
                {
                    Console.Error.WriteLine($"given up: {activity.Description}");
                }
            },
            cancellationToken);

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Mutations} graph changes -> {summary.StreamRecords} Neptune stream records -> {summary.KinesisRecords} Kinesis records -> {summary.Invocations} invocations in {summary.Elapsed.TotalSeconds:F1} s"));
        Summary.PrintCounts(writer);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lag from Neptune commit to handling: mean {writer.MeanLag.TotalMilliseconds:F0} ms, max {writer.MaxLag.TotalMilliseconds:F0} ms"));
        Console.WriteLine($"failures: {summary.FunctionErrors} function errors, {summary.PartialFailures} partial failures, {summary.RecordsSentToOnFailure} records given up");
        bool matches = PrintViewCheck(function.View, options.Graph);
        return summary.RecordsSentToOnFailure == 0 && matches && (summary.Drained || cancellationToken.IsCancellationRequested) ? 0 : 1;
    }

    /// <summary>The proof: the view the handlers built equals the graph (always checked against the local graph).</summary>
    internal static bool PrintViewCheck(MaterializedView view, LocalGraph? graph)
    {
        if (graph is null)
        {
            Console.WriteLine("view matches graph: not checked (the graph is a remote Neptune)");
            return true;
        }

        var (vertices, edges, differences) = view.CompareWith(graph);
        if (differences.Count == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"view matches graph: yes ({vertices} vertices, {edges} edges)"));
            return true;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"view matches graph: no ({vertices} vertices, {edges} edges in the graph); first differences:"));
        foreach (string difference in differences)
        {
            Console.WriteLine("  " + difference);
        }

        return false;
    }

    // --snapshot: the graph gets a history whose stream records are older than retention (7 days) when the pump
    // starts, so only a snapshot can give the consumer those elements; the same writer then keeps changing the graph
    // while the snapshot is read and after it.
    private static void WriteHistory(LocalPipelineOptions options, ShiftableClock clock)
    {
        clock.Offset = -TimeSpan.FromDays(8);
        var history = new SocialNetworkWriter(options.Graph!, options.Seed);
        for (int i = 0; i < 300; i++)
        {
            history.WriteOne();
        }

        clock.Offset = TimeSpan.Zero;
        options.Writer = history;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"history: 300 graph changes ({options.Graph!.VertexIds.Count} vertices, {options.Graph.EdgeIds.Count} edges) older than the stream's retention; the pump starts with a snapshot"));
    }

    // Local emulators accept any credentials; AWS gets the default chain (environment, profile, role).
    private static AWSCredentials CredentialsFor(Uri endpoint) =>
        endpoint.IsLoopback
            ? new BasicAWSCredentials("local", "local")
            : Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials();

    private static async Task EnsureTableAsync(IAmazonDynamoDB dynamo, string table, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.CreateTableAsync(
                new CreateTableRequest
                {
                    TableName = table,
                    BillingMode = BillingMode.PAY_PER_REQUEST,
                    AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
                    KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
                },
                cancellationToken);
        }
        catch (ResourceInUseException)
        {
            // The table is there already (created by template.yaml or an earlier run).
        }
    }
}
