using System.Text.Json.Nodes;
using Neptune.Streams.Deployment.Tests.Support;

namespace Neptune.Streams.Deployment.Tests;

/// <summary>
/// Every function of every template (root, samples, the <c>dotnet new</c> template) runs with a role of its own whose
/// statements name the template's resources: no role SAM generates (it would attach AWSLambdaKinesisExecutionRole,
/// every stream in the account), no managed policy, no wildcard action, and <c>Resource: "*"</c> only for Lambda's VPC
/// network-interface actions, which accept nothing narrower.
/// </summary>
public sealed class TemplateRoleTests
{
    private static readonly HashSet<string> ActionsThatRequireAnyResource =
    [
        "ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:UnassignPrivateIpAddresses",
    ];

    public static TheoryData<string> Templates => SamBuildTests.Templates;

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_function_has_an_explicit_role_of_the_template_and_no_sam_policies(string templatePath)
    {
        var template = SamTemplate.Load(templatePath);
        foreach (string function in template.ResourcesOfType("AWS::Serverless::Function"))
        {
            var properties = template.Properties(function);
            Assert.True(properties["Role"]?["Fn::GetAtt"] is JsonArray role && template.Type(role[0]!.GetValue<string>()) == "AWS::IAM::Role",
                $"{templatePath} {function}: no Role of the template's own (SAM would generate one with AWSLambdaKinesisExecutionRole).");
            Assert.Null(properties["Policies"]);
        }

        Assert.Empty(template.ResourcesOfType("AWS::IAM::ManagedPolicy"));
        foreach (string role in template.ResourcesOfType("AWS::IAM::Role"))
        {
            Assert.Null(template.Properties(role)["ManagedPolicyArns"]);
        }
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void No_statement_grants_a_wildcard_action_or_any_resource_where_aws_allows_narrower(string templatePath)
    {
        var template = SamTemplate.Load(templatePath);
        foreach (string role in template.ResourcesOfType("AWS::IAM::Role"))
        {
            foreach (var statement in PolicyStatement.OfRole(template, role))
            {
                Assert.True(statement.Allows, $"{templatePath} {role} {statement.Id}: not an Allow statement.");
                Assert.All(statement.Actions, action => Assert.DoesNotContain("*", action, StringComparison.Ordinal));
                if (statement.Resources.Any(resource => resource is JsonValue value && value.GetValue<string>().Contains('*', StringComparison.Ordinal)))
                {
                    Assert.True(statement.Actions.All(ActionsThatRequireAnyResource.Contains),
                        $"{templatePath} {role} {statement.Id}: [{string.Join(", ", statement.Actions)}] on \"*\".");
                }
            }
        }
    }

    [Fact]
    public void The_dotnet_new_templates_function_reads_only_its_own_stream()
    {
        var template = SamTemplate.Load("templates/Neptune.Streams.Lambda.Templates/content/neptune-streams/template.yaml");
        var read = Assert.Single(PolicyStatement.OfRole(template, "FunctionRole"), s => s.Actions.Contains("kinesis:GetRecords"));
        var stream = Assert.IsType<JsonArray>(Assert.Single(read.Resources)?["Fn::If"]);
        Assert.Equal("CreateStream", SamTemplate.Text(stream[0]));
        Assert.True(SamTemplate.IsGetAtt(stream[1], "ChangeStream", "Arn"));
        Assert.True(SamTemplate.IsRef(stream[2], "StreamArn"));
        var eventStream = template.Properties("ConsumerFunction")["Events"]?["ChangeStream"]?["Properties"]?["Stream"];
        Assert.True(JsonNode.DeepEquals(eventStream, Assert.Single(read.Resources)), "The role reads another stream than the event source mapping.");
    }

    [Fact]
    public void SearchSync_gets_only_the_secrets_arn_and_may_read_that_one_secret()
    {
        var template = SamTemplate.Load("samples/SearchSync/template.yaml");
        var variables = template.EnvironmentOf("SearchSyncFunction");
        Assert.True(SamTemplate.IsRef(variables["ELASTICSEARCH_API_KEY_SECRET_ARN"], "ElasticsearchApiKeySecretArn"));
        Assert.DoesNotContain("resolve:secretsmanager", File.ReadAllText(RepositoryRoot.File("samples/SearchSync/template.yaml")), StringComparison.Ordinal);
        Assert.DoesNotContain(variables, pair => pair.Key == "ELASTICSEARCH_API_KEY");

        var statements = PolicyStatement.OfRole(template, "FunctionRole").Where(s => s.Actions.Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal))).ToList();
        var read = Assert.Single(statements);
        Assert.Equal(["secretsmanager:GetSecretValue"], read.Actions);
        Assert.True(SamTemplate.IsRef(Assert.Single(read.Resources), "ElasticsearchApiKeySecretArn"));
    }
}
