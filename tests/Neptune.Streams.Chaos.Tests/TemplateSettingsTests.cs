using System.Globalization;
using System.Text.RegularExpressions;

namespace Neptune.Streams.Chaos.Tests;

/// <summary>The chaos run proves its guarantees under what template.yaml deploys, not under friendlier settings.</summary>
public sealed partial class TemplateSettingsTests
{
    private static readonly Lazy<string> Template = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "template.yaml")));

    [Fact]
    public void The_chaos_defaults_are_the_event_source_mapping_settings_template_yaml_deploys()
    {
        var options = new ChaosOptions();

        Assert.Equal(ParameterDefault("MaximumRetryAttempts"), options.MaximumRetryAttempts);
        Assert.Equal(ParameterDefault("BatchSize"), options.BatchSize);
        Assert.Equal(ParameterDefault("ParallelizationFactor"), options.ParallelizationFactor);
        Assert.Equal(TimeSpan.FromSeconds(ParameterDefault("MaximumBatchingWindowInSeconds")), options.MaximumBatchingWindow);
        int age = ParameterDefault("MaximumRecordAgeInSeconds");
        Assert.Equal(age == -1 ? null : TimeSpan.FromSeconds(age), options.MaximumRecordAge);
        Assert.Matches(BisectOn(), Template.Value);
        Match timeout = Regex.Match(Template.Value, @"^Globals:\r?\n  Function:\r?\n(?:    .*\r?\n)*?    Timeout: (\d+)", RegexOptions.Multiline);
        Assert.True(timeout.Success, "template.yaml has no Globals.Function.Timeout");
        Assert.Equal(TimeSpan.FromSeconds(int.Parse(timeout.Groups[1].Value, CultureInfo.InvariantCulture)), options.FunctionTimeout);
        Assert.True(options.BisectBatchOnFunctionError);
    }

    [Fact]
    public void The_chaos_run_uses_the_idempotency_stores_default_claim_expiry()
    {
        // null means "do not set it": the function gets what UseDynamoDbIdempotency gives a user.
        Assert.Null(new ChaosOptions().ClaimExpiry);
    }

    private static int ParameterDefault(string name)
    {
        Match match = Regex.Match(Template.Value, "^  " + name + @":\r?\n(?:    .*\r?\n)*?    Default: (-?\d+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"template.yaml has no parameter {name} with a default");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "template.yaml")) && File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds both template.yaml and Directory.Build.props.");
    }

    [GeneratedRegex(@"^\s+BisectBatchOnFunctionError: true\s*$", RegexOptions.Multiline)]
    private static partial Regex BisectOn();
}
