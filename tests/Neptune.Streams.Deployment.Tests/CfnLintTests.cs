using Neptune.Streams.Deployment.Tests.Support;

namespace Neptune.Streams.Deployment.Tests;

/// <summary>cfn-lint accepts the template without a single error or warning, and does reject a broken one.</summary>
public sealed class CfnLintTests
{
    [Fact]
    public async Task Cfn_lint_reports_no_error_and_no_warning_on_the_template()
    {
        var (exitCode, output) = await CfnLint.RunAsync("template.yaml");

        Assert.True(exitCode == 0, $"cfn-lint template.yaml exited with {exitCode}:\n{output}");
        Assert.True(string.IsNullOrWhiteSpace(output), $"cfn-lint template.yaml printed findings:\n{output}");
    }

    [Fact]
    public async Task Cfn_lint_rejects_a_copy_of_the_template_with_an_invalid_stream_encryption()
    {
        var original = await File.ReadAllTextAsync(RepositoryRoot.File("template.yaml"));
        var broken = original.Replace("EncryptionType: KMS", "EncryptionType: NONE_PLEASE", StringComparison.Ordinal);
        Assert.NotEqual(original, broken);
        var path = Path.Combine(Path.GetTempPath(), $"template-broken-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, broken);
        try
        {
            var (exitCode, output) = await CfnLint.RunAsync(path);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("NONE_PLEASE", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
