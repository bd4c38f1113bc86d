using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Neptune.Streams.Deployment.Tests.Support;

/// <summary>
/// Reads a CloudFormation YAML template into the JSON form CloudFormation itself uses, turning the short tags
/// (<c>!Ref</c>, <c>!GetAtt</c>, <c>!Sub</c>, <c>!If</c> …) into <c>{"Ref": …}</c> and <c>{"Fn::…": …}</c> objects.
/// Scalars stay strings, as YAML wrote them, so tests compare "1000" rather than guessing number types.
/// </summary>
internal static class CloudFormationYaml
{
    public static JsonObject Parse(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }

        return Convert(stream.Documents[0].RootNode) as JsonObject
            ?? throw new InvalidDataException("The template's root is not a mapping.");
    }

    private static JsonNode? Convert(YamlNode node)
    {
        var plain = node switch
        {
            YamlScalarNode scalar => scalar.Value is null ? null : (JsonNode)JsonValue.Create(scalar.Value),
            YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
            YamlMappingNode mapping => ConvertMapping(mapping),
            _ => throw new InvalidDataException($"Unsupported YAML node {node.NodeType} at {node.Start}."),
        };

        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is null || tag == "!" || tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal))
        {
            return plain;
        }

        return ShortTag(tag, plain, node);
    }

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value
                ?? throw new InvalidDataException($"Empty mapping key at {key.Start}.");
            result.Add(name, Convert(value));
        }

        return result;
    }

    private static JsonObject ShortTag(string tag, JsonNode? value, YamlNode node)
    {
        var name = tag.TrimStart('!');
        return name switch
        {
            "Ref" => new JsonObject { ["Ref"] = value },
            "Condition" => new JsonObject { ["Condition"] = value },
            // The short form "Resource.Attribute" is the same as the list form [Resource, Attribute].
            "GetAtt" when value is JsonValue text => new JsonObject
            {
                ["Fn::GetAtt"] = new JsonArray(
                    text.GetValue<string>().Split('.', 2).Select(part => (JsonNode?)JsonValue.Create(part)).ToArray()),
            },
            "GetAtt" or "Sub" or "If" or "Equals" or "Not" or "And" or "Or" or "Join" or "Select" or "Split"
                or "FindInMap" or "Base64" or "Cidr" or "GetAZs" or "ImportValue" or "Transform" or "ToJsonString"
                or "Length" => new JsonObject { ["Fn::" + name] = value },
            _ => throw new InvalidDataException($"Unknown CloudFormation tag {tag} at {node.Start}."),
        };
    }
}
