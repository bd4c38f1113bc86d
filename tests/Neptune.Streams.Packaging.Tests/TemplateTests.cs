using System.Text.RegularExpressions;
using Neptune.Streams.Packaging.Tests.Support;

namespace Neptune.Streams.Packaging.Tests;

/// <summary>
/// The template as CI must prove it: installed from the packed .nupkg, instantiated, built against the folder feed,
/// its tests run, its function run once, its SAM template linted.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed partial class TemplateTests(PackagedFeed feed)
{
    [Fact]
    public async Task The_template_creates_the_function_tests_and_deployment_files()
    {
        GeneratedSolution generated = await feed.GetGeneratedSolutionAsync();

        foreach (string file in new[]
                 {
                     "MyFunction.slnx", "README.md", "template.yaml", "samconfig.toml", ".gitignore",
                     "MyFunction/MyFunction.csproj", "MyFunction/Program.cs", "MyFunction/Function.cs",
                     "MyFunction/Handlers/PersonAdded.cs", "MyFunction/Handlers/FollowAdded.cs",
                     "MyFunction/FunctionJsonContext.cs", "MyFunction/events/sample-event.json",
                     "MyFunction.Tests/MyFunction.Tests.csproj", "MyFunction.Tests/FunctionTests.cs",
                 })
        {
            Assert.True(File.Exists(Path.Combine(generated.Directory, file)), $"dotnet new did not create {file}.\n{generated.Instantiation.Describe()}");
        }

        Assert.False(Directory.Exists(Path.Combine(generated.Directory, ".template.config")));
        string project = await File.ReadAllTextAsync(generated.FunctionProject);
        Assert.Contains($"<PackageReference Include=\"Neptune.Streams.Lambda\" Version=\"{feed.Version}\" />", project, StringComparison.Ordinal);
        Assert.DoesNotContain("NEPTUNE_STREAMS_LAMBDA_VERSION", project, StringComparison.Ordinal);
        Assert.Contains("<PublishAot>true</PublishAot>", project, StringComparison.Ordinal);
        Assert.Contains("<AssemblyName>bootstrap</AssemblyName>", project, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dotted_project_name_replaces_every_MyFunction_gives_a_valid_stack_name_and_still_builds()
    {
        GeneratedSolution generated = await feed.GenerateAsync("Acme.GraphAudit");

        string[] files = Directory.GetFiles(generated.Directory, "*", SearchOption.AllDirectories);
        Assert.Contains(Path.Combine(generated.Directory, "Acme.GraphAudit", "Acme.GraphAudit.csproj"), files);
        Assert.Contains(Path.Combine(generated.Directory, "Acme.GraphAudit.Tests", "Acme.GraphAudit.Tests.csproj"), files);
        Assert.Contains(Path.Combine(generated.Directory, "Acme.GraphAudit.slnx"), files);
        foreach (string file in files)
        {
            Assert.DoesNotContain("MyFunction", file, StringComparison.Ordinal);
            string text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("MyFunction", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("my-function-stack", text, StringComparison.Ordinal);
        }

        string samconfig = await File.ReadAllTextAsync(Path.Combine(generated.Directory, "samconfig.toml"));
        Assert.Contains("stack_name = \"Acme-GraphAudit-dev\"", samconfig, StringComparison.Ordinal);
        Assert.Contains("stack_name = \"Acme-GraphAudit-prod\"", samconfig, StringComparison.Ordinal);
        await UserCommand.RunCheckedAsync("dotnet", ["build"], generated.Directory);
    }

    [Fact]
    public async Task The_generated_solution_builds_against_the_packed_library_and_its_tests_pass()
    {
        GeneratedSolution generated = await feed.GetGeneratedSolutionAsync();

        ProcessResult test = await UserCommand.RunCheckedAsync("dotnet", ["test"], generated.Directory);

        Match summary = TestSummary().Match(test.StandardOutput);
        Assert.True(summary.Success, test.Describe());
        Assert.Equal("0", summary.Groups["failed"].Value);
        Assert.NotEqual("0", summary.Groups["passed"].Value);
        string assets = await File.ReadAllTextAsync(Path.Combine(generated.Directory, "MyFunction", "obj", "project.assets.json"));
        Assert.Contains($"\"Neptune.Streams.Lambda/{feed.Version}\"", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("Neptune.Streams.Lambda.csproj", assets, StringComparison.Ordinal);
        // The tests use the testing package from the same feed, at the same version.
        string testAssets = await File.ReadAllTextAsync(Path.Combine(generated.Directory, "MyFunction.Tests", "obj", "project.assets.json"));
        Assert.Contains($"\"Neptune.Streams.Lambda.Testing/{feed.Version}\"", testAssets, StringComparison.Ordinal);
        Assert.DoesNotContain("Neptune.Streams.Lambda.Testing.csproj", testAssets, StringComparison.Ordinal);

        // No background GC, and the large-object heap compacted when fragmented, in the function the user deploys: each
        // kept a 6 MB batch's peak RSS inside a 128 MB function (README).
        string runtimeConfig = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(generated.Directory, "MyFunction", "bin"), "MyFunction.runtimeconfig.json", SearchOption.AllDirectories).Single());
        Assert.Contains("\"System.GC.Concurrent\": false", runtimeConfig, StringComparison.Ordinal);
        Assert.Contains("\"System.GC.ConserveMemory\": 5", runtimeConfig, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_generated_function_runs_once_on_its_sample_event_and_reports_no_failure()
    {
        GeneratedSolution generated = await feed.GetGeneratedSolutionAsync();

        ProcessResult run = await UserCommand.RunCheckedAsync(
            "dotnet", ["run", "--project", "MyFunction", "--", "--event", "MyFunction/events/sample-event.json"], generated.Directory);

        // One JSON line per graph event (at least the three handled), the response last.
        string[] lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("{\"batchItemFailures\":[]}", lines[^1]);
        Assert.True(lines.Count(line => line.StartsWith("{\"event\":", StringComparison.Ordinal)) >= 3, run.Describe());
        // The handlers' log lines (JSON on standard error): two people welcomed, one follow.
        Assert.Equal(2, Regex.Count(run.StandardError, "Welcome person "));
        Assert.Equal(1, Regex.Count(run.StandardError, "Person f2c4a1d9-7e0b-4c55-2a31-9b8e6d4f1c07 follows a8c4a1f2-3b7e-5c1d-9e2f-4d6b8a0c2e41"));
    }

    [Fact]
    public async Task The_generated_function_publishes_with_native_aot_as_the_bootstrap_executable_lambda_starts()
    {
        GeneratedSolution generated = await feed.GetGeneratedSolutionAsync();
        string publish = Path.Combine(feed.Root, "publish");

        // What `sam build` has Amazon.Lambda.Tools run for provided.al2023 (warnings are errors in the project, so an
        // AOT or trim warning from the package fails here too).
        await UserCommand.RunCheckedAsync(
            "dotnet", ["publish", "MyFunction", "-c", "Release", "-r", "linux-x64", "-o", publish], generated.Directory);
        string bootstrap = Path.Combine(publish, "bootstrap");
        Assert.True(File.Exists(bootstrap), $"No bootstrap executable in {publish}.");
        Assert.False(Directory.Exists(Path.Combine(publish, "events")), "The sample events are published with the function.");

        ProcessResult run = await UserCommand.RunCheckedAsync(
            bootstrap, ["--event", Path.Combine(generated.Directory, "MyFunction", "events", "sample-event.json")], publish);
        Assert.Equal("{\"batchItemFailures\":[]}", run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    [Fact]
    public async Task The_generated_sam_template_passes_cfn_lint_without_errors_or_warnings()
    {
        GeneratedSolution generated = await feed.GetGeneratedSolutionAsync();

        // cfn-lint exits non-zero on any error or warning, and prints nothing when the template is clean.
        ProcessResult lint = await UserCommand.RunAsync("cfn-lint", ["template.yaml"], generated.Directory, TimeSpan.FromMinutes(5));

        Assert.True(lint.ExitCode == 0 && lint.StandardOutput.Trim().Length == 0, lint.Describe());
    }

    [GeneratedRegex(@"Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+)")]
    private static partial Regex TestSummary();
}
