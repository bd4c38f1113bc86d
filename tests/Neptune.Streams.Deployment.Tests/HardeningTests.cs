using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Neptune.Streams.Deployment.Tests.Support;

namespace Neptune.Streams.Deployment.Tests;

/// <summary>Issue 16, template part: who may send to the poison-record queue, and how the pump reaches Neptune.</summary>
public sealed class HardeningTests
{
    private readonly SamTemplate _template = SamTemplate.Load();

    [Fact]
    public void Only_the_consumers_role_may_send_to_the_poison_record_queue()
    {
        var policy = Assert.Single(_template.ResourcesOfType("AWS::SQS::QueuePolicy"), id =>
            (_template.Properties(id)["Queues"] as JsonArray)?.Any(q => SamTemplate.IsRef(q, "PoisonRecordQueue")) == true);
        var statements = _template.Properties(policy)["PolicyDocument"]!["Statement"]!.AsArray();
        var deny = Assert.Single(statements, s => SamTemplate.Text(s?["Action"]) == "sqs:SendMessage");
        Assert.Equal("Deny", SamTemplate.Text(deny!["Effect"]));
        Assert.Equal("*", SamTemplate.Text(deny["Principal"]));
        Assert.True(SamTemplate.IsGetAtt(deny["Resource"], "PoisonRecordQueue", "Arn"));
        Assert.True(SamTemplate.IsGetAtt(deny["Condition"]?["ArnNotEquals"]?["aws:PrincipalArn"], "ConsumerFunctionRole", "Arn"));
        // The consumer's role may send there (and it is the only role of the template that does).
        Assert.Contains(PolicyStatement.OfRole(_template, "ConsumerFunctionRole"),
            s => s.Actions.Contains("sqs:SendMessage") && s.Resources.Any(r => SamTemplate.IsGetAtt(r, "PoisonRecordQueue", "Arn")));
        Assert.DoesNotContain(PolicyStatement.OfRole(_template, "PumpFunctionRole"), s => s.Actions.Contains("sqs:SendMessage")
            && s.Resources.Any(r => SamTemplate.IsGetAtt(r, "PoisonRecordQueue", "Arn")));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("https://my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182", true)]
    [InlineData("https://localhost", true)]
    [InlineData("http://my-cluster.cluster-abc.us-east-1.neptune.amazonaws.com:8182", false)]
    [InlineData("HTTP://my-cluster:8182", false)]
    [InlineData("ftp://my-cluster:8182", false)]
    [InlineData("https://my-cluster:8182/path", false)]
    public void NeptuneEndpoint_accepts_only_https_urls_or_nothing(string value, bool accepted)
    {
        // CloudFormation matches AllowedPattern against the whole value.
        string pattern = SamTemplate.Text(_template.Parameters["NeptuneEndpoint"]?["AllowedPattern"]);
        Assert.Equal(accepted, Regex.IsMatch(value, pattern));
    }
}
