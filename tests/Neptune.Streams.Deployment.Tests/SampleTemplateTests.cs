namespace Neptune.Streams.Deployment.Tests;

/// <summary>Every sample's SAM template lints clean and deploys its function the way the samples are built.</summary>
public sealed class SampleTemplateTests
{
    private static readonly string[] Paths =
    [
        "samples/AuditLog/template.yaml",
        "samples/CacheSync/template.yaml",
        "samples/FollowNotifications/template.yaml",
        "samples/SearchSync/template.yaml",
    ];

    public static TheoryData<string> Templates => new(Paths);

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Template_PassesCfnLintWithNoErrorAndNoWarning(string template)
    {
        var (exitCode, output) = await CfnLint.RunAsync(template);

        Assert.True(exitCode == 0, $"cfn-lint {template} exited with {exitCode}:\n{output}");
        Assert.Equal(string.Empty, output.Trim());
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_DeploysANativeAotFunctionThatReportsPartialBatchFailures(string template)
    {
        string yaml = File.ReadAllText(Path.Combine(CfnLint.RepositoryRoot, template));

        Assert.Contains("Runtime: provided.al2023", yaml, StringComparison.Ordinal);
        Assert.Contains("Handler: bootstrap", yaml, StringComparison.Ordinal);
        Assert.Contains("- ReportBatchItemFailures", yaml, StringComparison.Ordinal);
        Assert.Contains("BisectBatchOnFunctionError: true", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("Action: \"*\"", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void EverySampleTemplate_IsInTheTheory()
    {
        string[] onDisk = [.. Directory.GetFiles(Path.Combine(CfnLint.RepositoryRoot, "samples"), "template.yaml", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(CfnLint.RepositoryRoot, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

        Assert.Equal(onDisk, Paths.Order(StringComparer.Ordinal));
    }
}
