using Neptune.Streams.TestSupport;

namespace Samples.SearchSync.Tests;

/// <summary>The sample's SAM template lints clean and deploys the function the way the sample is built.</summary>
public sealed class TemplateTests
{
    private const string Template = "samples/SearchSync/template.yaml";

    [Fact]
    public async Task Template_PassesCfnLintWithNoErrorAndNoWarning()
    {
        var (exitCode, output) = await CfnLint.RunAsync(Template);

        Assert.True(exitCode == 0, $"cfn-lint exited with {exitCode}:\n{output}");
        Assert.Equal(string.Empty, output.Trim());
    }

    [Fact]
    public void Template_DeploysANativeAotFunctionThatReportsPartialBatchFailures()
    {
        string yaml = File.ReadAllText(Path.Combine(CfnLint.RepositoryRoot, Template));

        Assert.Contains("Runtime: provided.al2023", yaml, StringComparison.Ordinal);
        Assert.Contains("Handler: bootstrap", yaml, StringComparison.Ordinal);
        Assert.Contains("- ReportBatchItemFailures", yaml, StringComparison.Ordinal);
        Assert.Contains("BisectBatchOnFunctionError: true", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("Action: \"*\"", yaml, StringComparison.Ordinal);
    }
}
