using System.Globalization;
using System.Text.RegularExpressions;
using Neptune.Streams.Deployment.Tests.Support;
using Tomlyn;
using Tomlyn.Model;

namespace Neptune.Streams.Deployment.Tests;

/// <summary>samconfig.toml: one deployable environment per name, each with overrides the template accepts.</summary>
public sealed partial class SamConfigTests
{
    private readonly TomlTable _config =
        TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(RepositoryRoot.File("samconfig.toml")))!;

    private readonly SamTemplate _template = SamTemplate.Load();

    public static TheoryData<string, string> Environments => new() { { "default", "dev" }, { "dev", "dev" }, { "prod", "prod" } };

    [Fact]
    public void The_file_is_version_0_1_with_exactly_the_default_dev_and_prod_environments()
    {
        Assert.Equal(0.1, Convert.ToDouble(_config["version"], CultureInfo.InvariantCulture));
        Assert.Equal(["default", "dev", "prod"], _config.Where(pair => pair.Value is TomlTable).Select(pair => pair.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Each_environment_deploys_its_own_stack_with_iam_capability_and_a_managed_bucket(string environment, string environmentName)
    {
        var deploy = DeployParameters(environment);
        Assert.Contains(environmentName, (string)deploy["stack_name"], StringComparison.Ordinal);
        Assert.Matches("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", (string)deploy["region"]);
        Assert.Equal("CAPABILITY_IAM", (string)deploy["capabilities"]);
        Assert.True((bool)deploy["resolve_s3"]);
        Assert.IsType<bool>(deploy["confirm_changeset"]);
    }

    [Fact]
    public void Production_asks_before_it_changes_anything()
    {
        Assert.True((bool)DeployParameters("prod")["confirm_changeset"]);
        Assert.NotEqual((string)DeployParameters("dev")["stack_name"], (string)DeployParameters("prod")["stack_name"]);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Every_override_names_a_template_parameter_and_a_value_it_accepts(string environment, string environmentName)
    {
        var overrides = Overrides(environment);
        Assert.Equal(environmentName, overrides["EnvironmentName"]);
        foreach (var (name, value) in overrides)
        {
            var parameter = _template.Parameters[name];
            Assert.True(parameter is not null, $"{environment}: {name} is not a parameter of template.yaml.");
            if (parameter["AllowedValues"] is System.Text.Json.Nodes.JsonArray allowed)
            {
                Assert.Contains(value, allowed.Select(SamTemplate.Text));
            }

            if (parameter["MinValue"] is not null)
            {
                Assert.InRange(double.Parse(value, CultureInfo.InvariantCulture), double.Parse(SamTemplate.Text(parameter["MinValue"]), CultureInfo.InvariantCulture), double.MaxValue);
            }

            if (parameter["MaxValue"] is not null)
            {
                Assert.InRange(double.Parse(value, CultureInfo.InvariantCulture), double.MinValue, double.Parse(SamTemplate.Text(parameter["MaxValue"]), CultureInfo.InvariantCulture));
            }
        }
    }

    private TomlTable DeployParameters(string environment) =>
        (TomlTable)((TomlTable)((TomlTable)_config[environment])["deploy"])["parameters"];

    private Dictionary<string, string> Overrides(string environment)
    {
        var text = (string)DeployParameters(environment)["parameter_overrides"];
        var pairs = OverridePattern().Matches(text);
        Assert.Equal(text.Trim(), string.Join(' ', pairs.Select(match => match.Value)));
        return pairs.ToDictionary(match => match.Groups["name"].Value, match => match.Groups["value"].Value);
    }

    [GeneratedRegex("(?<name>[A-Za-z0-9]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex OverridePattern();
}
