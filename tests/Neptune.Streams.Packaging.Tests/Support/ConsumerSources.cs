namespace Neptune.Streams.Packaging.Tests.Support;

/// <summary>The sources of the consumer project: a function with a typed handler, written as a user would.</summary>
internal static class ConsumerSources
{
    /// <summary>Warnings are errors and the AOT analyzers are on, as in a function deployed with Native AOT.</summary>
    public static string Project(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <IsAotCompatible>true</IsAotCompatible>
            <InvariantGlobalization>true</InvariantGlobalization>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Neptune.Streams.Lambda" Version="[{version}]" />
          </ItemGroup>
        </Project>

        """;

    public const string Program = """
        using System.Text.Json.Serialization;
        using Neptune.Streams.Lambda;
        using Neptune.Streams.Lambda.GraphEvents;
        using Neptune.Streams.Lambda.Handlers;
        using Neptune.Streams.Lambda.Hosting;

        return await LambdaBootstrap.RunAsync<ConsumerFunction>(args);

        public sealed class ConsumerFunction : NeptuneStreamFunction
        {
            protected override void Configure(NeptuneStreamBuilder builder) => builder.OnAny<PrintEvent>();
        }

        public sealed class PrintEvent() : GraphEventHandler<Named>(ConsumerJsonContext.Default.Named)
        {
            protected override ValueTask HandleAsync(GraphEvent graphEvent, Named properties, GraphEventContext context, CancellationToken cancellationToken)
            {
                string name = graphEvent.IsVertex ? $" name={properties.Name}" : string.Empty;
                Console.WriteLine($"{graphEvent.Kind} {graphEvent.Id} {graphEvent.Label ?? "-"}{name}");
                return ValueTask.CompletedTask;
            }
        }

        public sealed record Named(string? Name);

        [JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
        [JsonSerializable(typeof(Named))]
        public sealed partial class ConsumerJsonContext : JsonSerializerContext;

        """;
}
