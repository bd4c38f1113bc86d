using System.Text.Json.Nodes;

namespace Neptune.Streams.Deployment.Tests.Support;

/// <summary>One IAM policy statement of a role, with the condition (if any) under which the template includes it.</summary>
internal sealed record PolicyStatement(string? Id, bool Allows, IReadOnlyList<string> Actions, IReadOnlyList<JsonNode?> Resources, string? IncludedWhen, JsonObject Raw)
{
    /// <summary>
    /// Every statement of every inline policy of a role; a statement inside <c>Fn::If [condition, statement,
    /// AWS::NoValue]</c> counts, with its condition, so the checks cover the widest permissions the role can get.
    /// </summary>
    public static IReadOnlyList<PolicyStatement> OfRole(SamTemplate template, string roleLogicalId)
    {
        var statements = new List<PolicyStatement>();
        var policies = template.Properties(roleLogicalId)["Policies"] as JsonArray ?? [];
        foreach (var policy in policies)
        {
            foreach (var entry in policy?["PolicyDocument"]?["Statement"] as JsonArray ?? [])
            {
                if (entry?["Fn::If"] is JsonArray conditional)
                {
                    var condition = SamTemplate.Text(conditional[0]);
                    foreach (var branch in conditional.Skip(1))
                    {
                        if (!SamTemplate.IsRef(branch, "AWS::NoValue"))
                        {
                            statements.Add(From((JsonObject)branch!, condition));
                        }
                    }
                }
                else
                {
                    statements.Add(From((JsonObject)entry!, includedWhen: null));
                }
            }
        }

        return statements;
    }

    private static PolicyStatement From(JsonObject statement, string? includedWhen)
    {
        Assert.False(statement.ContainsKey("NotAction"), "NotAction grants everything else: use Action.");
        Assert.False(statement.ContainsKey("NotResource"), "NotResource grants everything else: use Resource.");
        return new PolicyStatement(
            statement["Sid"]?.GetValue<string>(),
            SamTemplate.Text(statement["Effect"]) == "Allow",
            ListOf(statement["Action"]).Select(SamTemplate.Text).ToList(),
            ListOf(statement["Resource"]),
            includedWhen,
            statement);
    }

    private static List<JsonNode?> ListOf(JsonNode? node) => node is JsonArray array ? [.. array] : [node];
}
