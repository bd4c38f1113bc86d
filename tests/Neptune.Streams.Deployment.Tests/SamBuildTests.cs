using System.Diagnostics;
using System.Text.Json.Nodes;
using Neptune.Streams.Deployment.Tests.Support;
using Tomlyn;
using Tomlyn.Model;

namespace Neptune.Streams.Deployment.Tests;

/// <summary>
/// <c>sam build</c> can build every function of every template of the repository: a .NET 10 Native AOT <c>bootstrap</c>
/// for provided.al2023, built by the template's Makefile in an image that has the .NET 10 SDK on Amazon Linux 2023
/// (<see cref="SamBuildImage"/> says how SAM CLI picks the image).
/// </summary>
public sealed class SamBuildTests
{
    private const string DotnetNewTemplate = "templates/Neptune.Streams.Lambda.Templates/content/neptune-streams/template.yaml";

    public static TheoryData<string> Templates => new()
    {
        "template.yaml",
        "samples/AuditLog/template.yaml",
        "samples/CacheSync/template.yaml",
        "samples/FollowNotifications/template.yaml",
        "samples/SearchSync/template.yaml",
        DotnetNewTemplate,
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_function_builds_in_an_image_with_the_net_10_sdk_on_amazon_linux_2023(string templatePath)
    {
        var template = SamTemplate.Load(templatePath);
        string? buildImage = ConfiguredBuildImage(templatePath);
        var functions = template.ResourcesOfType("AWS::Serverless::Function").ToList();
        Assert.NotEmpty(functions);
        foreach (string function in functions)
        {
            string? violation = BuildRuleViolation(
                SamTemplate.Text(template.FunctionSetting(function, "Runtime")),
                BuildMethodOf(template, function),
                template.ArchitectureOf(function),
                buildImage);
            Assert.True(violation is null, $"{templatePath} {function}: {violation}");
        }
    }

    [Theory]
    // The template before: SAM builds BuildMethod dotnet7 in build-dotnet7 (Amazon Linux 2, .NET 7 SDK only).
    [InlineData("provided.al2023", "dotnet7", "arm64", null)]
    // A Makefile without --build-image: SAM picks build-provided.al2023, which has no .NET SDK.
    [InlineData("provided.al2023", "makefile", "arm64", null)]
    // BuildMethod dotnet10 is not a workflow SAM lets pick the image: build-provided.al2023 again.
    [InlineData("provided.al2023", "dotnet10", "x86_64", null)]
    // Right workflow, wrong SDK.
    [InlineData("provided.al2023", "makefile", "arm64", "public.ecr.aws/sam/build-dotnet8:latest-arm64")]
    // Native AOT compiles for the processor it runs on: an x86_64 image builds no arm64 bootstrap.
    [InlineData("provided.al2023", "makefile", "arm64", "public.ecr.aws/sam/build-dotnet10:latest-x86_64")]
    // Amazon.Lambda.Tools in the dotnet7 image even when the image is named: only the Makefile runs our publish.
    [InlineData("provided.al2023", "dotnet7", "arm64", "public.ecr.aws/sam/build-dotnet10:latest-arm64")]
    // The managed runtime is not where this project deploys its bootstrap.
    [InlineData("provided.al2", "makefile", "arm64", "public.ecr.aws/sam/build-dotnet10:latest-arm64")]
    public void The_rule_rejects_a_runtime_and_build_method_that_build_without_the_net_10_sdk(
        string runtime, string buildMethod, string architecture, string? buildImage)
    {
        Assert.NotNull(BuildRuleViolation(runtime, buildMethod, architecture, buildImage));
    }

    [Theory]
    [InlineData("arm64", "public.ecr.aws/sam/build-dotnet10:latest-arm64")]
    [InlineData("x86_64", "public.ecr.aws/sam/build-dotnet10:latest-x86_64")]
    public void The_rule_accepts_the_makefile_in_the_dotnet10_image_of_the_functions_architecture(string architecture, string buildImage)
    {
        Assert.Null(BuildRuleViolation("provided.al2023", "makefile", architecture, buildImage));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task The_makefile_target_of_each_function_publishes_its_project_native_aot_and_hands_sam_only_the_bootstrap(string templatePath)
    {
        var template = SamTemplate.Load(templatePath);
        string templateDirectory = Path.GetDirectoryName(RepositoryRoot.File(templatePath))!;
        foreach (string function in template.ResourcesOfType("AWS::Serverless::Function"))
        {
            var metadata = template.Resource(function)["Metadata"] as JsonObject;
            string projectRoot = Path.GetFullPath(Path.Combine(templateDirectory, SamTemplate.Text(metadata?["ProjectRootDirectory"])));
            string makefile = Path.Combine(templateDirectory, SamTemplate.Text(metadata?["ContextPath"]), "Makefile");
            Assert.True(File.Exists(makefile), $"{templatePath} {function}: no Makefile at {makefile}.");

            // The project sam build must publish: the one .csproj in CodeUri, as a path from the folder make runs in.
            string codeUri = Path.Combine(templateDirectory, SamTemplate.Text(template.Properties(function)["CodeUri"]));
            string project = Path.GetRelativePath(projectRoot, Assert.Single(Directory.GetFiles(codeUri, "*.csproj")));
            string artifacts = Path.Combine(Path.GetTempPath(), "sam-artifacts");

            // What SAM CLI runs (aws-lambda-builders custom_make/actions.py), as a dry run.
            var (exitCode, output) = await RunAsync(
                "make", projectRoot, "--dry-run", "--makefile", makefile, $"build-{function}", $"ARTIFACTS_DIR={artifacts}");

            Assert.True(exitCode == 0, $"{templatePath} {function}: make exited with {exitCode}:\n{output}");
            var publish = Assert.Single(output.Split('\n'), line => line.StartsWith("dotnet publish ", StringComparison.Ordinal));
            Assert.StartsWith($"dotnet publish {project.Replace('\\', '/')} ", publish, StringComparison.Ordinal);
            Assert.Contains("-p:PublishAot=true", publish, StringComparison.Ordinal);
            Assert.Matches("--runtime linux-(x64|arm64) ", publish);
            // The published executable becomes ARTIFACTS_DIR/bootstrap: a function's is named bootstrap when it publishes,
            // the pump host's keeps its own name (so that no assembly named bootstrap sees the library's internals).
            string executable = project.Replace('\\', '/').StartsWith("src/Neptune.Streams.Pump.Host/", StringComparison.Ordinal) ? "neptune-stream-pump" : "bootstrap";
            Assert.Contains($"/{executable} {artifacts}/bootstrap\n", output + "\n", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_pumps_makefile_target_builds_a_native_bootstrap_into_artifacts_dir()
    {
        string artifacts = Path.Combine(Path.GetTempPath(), $"sam-artifacts-{Guid.NewGuid():N}");
        try
        {
            // As SAM CLI runs it (aws-lambda-builders custom_make: make --makefile <Makefile> build-<LogicalId>, with
            // ARTIFACTS_DIR in the environment), here on the machine instead of the dotnet10 build image.
            var (exitCode, output) = await RunAsync(
                "make", RepositoryRoot.Path, TimeSpan.FromMinutes(20), [("ARTIFACTS_DIR", artifacts)],
                "--makefile", RepositoryRoot.File("Makefile"), "build-NeptunePumpFunction");

            Assert.True(exitCode == 0, $"make exited with {exitCode}:\n{output}");
            string bootstrap = Assert.Single(Directory.GetFiles(artifacts));
            Assert.Equal("bootstrap", Path.GetFileName(bootstrap));
            byte[] header = new byte[4];
            await using (var file = File.OpenRead(bootstrap))
            {
                await file.ReadExactlyAsync(header);
            }

            Assert.Equal("\u007fELF"u8.ToArray(), header); // a native executable, not a managed apphost plus dlls
            if (!OperatingSystem.IsWindows())
            {
                Assert.True((File.GetUnixFileMode(bootstrap) & UnixFileMode.UserExecute) != 0, "bootstrap is not executable.");
            }
        }
        finally
        {
            if (Directory.Exists(artifacts))
            {
                Directory.Delete(artifacts, recursive: true);
            }
        }
    }

    /// <summary>Why <c>sam build</c> cannot build a .NET 10 Native AOT bootstrap with these settings; null when it can.</summary>
    private static string? BuildRuleViolation(string runtime, string? buildMethod, string architecture, string? buildImage)
    {
        if (runtime != "provided.al2023")
        {
            return $"Runtime {runtime}: the Native AOT bootstrap runs on provided.al2023.";
        }

        string image = SamBuildImage.For(runtime, buildMethod, architecture, buildImage);
        int? sdk = SamBuildImage.DotnetSdkMajorVersion(image);
        if (sdk is null or < 10)
        {
            return $"BuildMethod {buildMethod ?? "(none)"} builds in {image}, which has {(sdk is null ? "no .NET SDK" : $"only the .NET {sdk} SDK")}.";
        }

        if (!SamBuildImage.IsAmazonLinux2023(image))
        {
            return $"{image} is not Amazon Linux 2023, so its bootstrap may need a glibc provided.al2023 lacks.";
        }

        if (SamBuildImage.Architecture(image) != architecture)
        {
            return $"{image} builds a bootstrap for another processor than the function's {architecture}.";
        }

        return buildMethod == "makefile"
            ? null
            : $"BuildMethod {buildMethod ?? "(none)"}: on provided.al2023 only the makefile workflow runs the Makefile's Native AOT publish.";
    }

    private static string? BuildMethodOf(SamTemplate template, string function) =>
        template.Resource(function)["Metadata"]?["BuildMethod"] is JsonValue value ? value.GetValue<string>() : null;

    /// <summary>The build image the samconfig.toml next to the template makes <c>sam build</c> use (it must use a container).</summary>
    private static string? ConfiguredBuildImage(string templatePath)
    {
        string path = Path.Combine(Path.GetDirectoryName(RepositoryRoot.File(templatePath))!, "samconfig.toml");
        Assert.True(File.Exists(path), $"No samconfig.toml next to {templatePath}: plain `sam build` would not pick the .NET 10 image.");
        var config = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path))!;
        string? image = null;
        foreach (var (environment, value) in config)
        {
            if (value is TomlTable table && table.TryGetValue("build", out var build) && build is TomlTable buildTable
                && buildTable["parameters"] is TomlTable parameters)
            {
                Assert.True(parameters.TryGetValue("use_container", out var container) && container is true, $"{path} [{environment}.build]: use_container is not true.");
                var images = Assert.IsType<TomlArray>(parameters["build_image"]);
                string environmentImage = (string)Assert.Single(images)!;
                Assert.True(image is null || image == environmentImage, $"{path}: environments build in different images.");
                image = environmentImage;
            }
        }

        Assert.NotNull(image);
        return image;
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string fileName, string workingDirectory, params string[] arguments) =>
        RunAsync(fileName, workingDirectory, TimeSpan.FromMinutes(1), [], arguments);

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, string workingDirectory, TimeSpan timeout, (string Name, string Value)[] environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        ProcessResult result = await ChildProcess.RunAsync(start, timeout);
        return (result.ExitCode, result.Output);
    }
}
