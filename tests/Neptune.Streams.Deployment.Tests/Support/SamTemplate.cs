using System.Text.Json.Nodes;

namespace Neptune.Streams.Deployment.Tests.Support;

/// <summary>template.yaml at the repository root, parsed once, with the look-ups the tests share.</summary>
internal sealed class SamTemplate
{
    private static readonly Lazy<SamTemplate> Instance =
        new(() => new SamTemplate(CloudFormationYaml.Parse(File.ReadAllText(RepositoryRoot.File("template.yaml")))));

    private SamTemplate(JsonObject root) => Root = root;

    public static SamTemplate Load() => Instance.Value;

    /// <summary>Any SAM template of the repository (a sample's, the <c>dotnet new</c> template's), by its path from the root.</summary>
    public static SamTemplate Load(string relativePath) =>
        relativePath == "template.yaml"
            ? Instance.Value
            : new SamTemplate(CloudFormationYaml.Parse(File.ReadAllText(RepositoryRoot.File(relativePath))));

    public JsonObject Root { get; }

    public JsonObject Resources => Section("Resources");

    public JsonObject Parameters => Section("Parameters");

    public JsonObject Conditions => Section("Conditions");

    public JsonObject Outputs => Section("Outputs");

    public JsonObject Resource(string logicalId) =>
        Resources[logicalId] as JsonObject ?? throw new KeyNotFoundException($"template.yaml has no resource {logicalId}.");

    public JsonObject Properties(string logicalId) =>
        Resource(logicalId)["Properties"] as JsonObject ?? throw new KeyNotFoundException($"{logicalId} has no Properties.");

    public string Type(string logicalId) => Text(Resource(logicalId)["Type"]);

    public IEnumerable<string> ResourcesOfType(string type) =>
        Resources.Where(pair => pair.Value?["Type"]?.GetValue<string>() == type).Select(pair => pair.Key);

    public string ParameterDefault(string name) =>
        Text((Parameters[name] ?? throw new KeyNotFoundException($"template.yaml has no parameter {name}."))["Default"]);

    /// <summary>A property that must be <c>!Ref</c> of a parameter; returns that parameter's name.</summary>
    public string ReferencedParameter(JsonNode? value)
    {
        var name = Text(value?["Ref"]);
        Assert.True(Parameters.ContainsKey(name), $"{name} is referenced as a parameter but is not one.");
        return name;
    }

    /// <summary>A function's environment variables, the Globals ones merged under its own (as SAM does).</summary>
    public JsonObject EnvironmentOf(string functionLogicalId)
    {
        var merged = new JsonObject();
        var global = Root["Globals"]?["Function"]?["Environment"]?["Variables"] as JsonObject;
        var own = Properties(functionLogicalId)["Environment"]?["Variables"] as JsonObject;
        foreach (var source in new[] { global, own })
        {
            foreach (var (key, value) in source ?? [])
            {
                merged[key] = value?.DeepClone();
            }
        }

        return merged;
    }

    /// <summary>A function property, falling back to the Globals section as SAM does.</summary>
    public JsonNode? FunctionSetting(string functionLogicalId, string property) =>
        Properties(functionLogicalId)[property] ?? Root["Globals"]?["Function"]?[property];

    /// <summary>The one architecture of a function: its own or the Globals' <c>Architectures</c>, a parameter's default if referenced.</summary>
    public string ArchitectureOf(string functionLogicalId)
    {
        var architectures = FunctionSetting(functionLogicalId, "Architectures") as JsonArray;
        var single = architectures is null ? null : Assert.Single(architectures);
        return single switch
        {
            null => "x86_64", // Lambda's default
            JsonObject reference => ParameterDefault(ReferencedParameter(reference)),
            _ => Text(single),
        };
    }

    public static string Text(JsonNode? node) =>
        node is JsonValue value ? value.GetValue<string>() : throw new InvalidDataException($"Expected a scalar, got {node?.ToJsonString() ?? "nothing"}.");

    public static bool IsRef(JsonNode? node, string target) =>
        node is JsonObject reference && reference["Ref"] is JsonValue name && name.GetValue<string>() == target;

    public static bool IsGetAtt(JsonNode? node, string resource, string attribute) =>
        node is JsonObject function && function["Fn::GetAtt"] is JsonArray parts && parts.Count == 2
        && parts[0]?.GetValue<string>() == resource && parts[1]?.GetValue<string>() == attribute;

    private JsonObject Section(string name) =>
        Root[name] as JsonObject ?? throw new KeyNotFoundException($"template.yaml has no {name} section.");
}
