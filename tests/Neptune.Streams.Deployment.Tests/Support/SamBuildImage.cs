namespace Neptune.Streams.Deployment.Tests.Support;

/// <summary>
/// Which image <c>sam build --use-container</c> builds a function in, and which .NET SDK that image has, as SAM CLI
/// and its build images decide it (checked against the sources, not remembered):
/// <list type="bullet">
/// <item>aws/aws-sam-cli fe8f8dbb1160abce8ae13e0a4c5f8b456658afd3, <c>samcli/lib/build/workflow_config.py</c>:
/// <c>supports_specified_workflow</c> accepts only <c>dotnet7</c>; <c>samcli/lib/build/app_builder.py</c> passes the
/// template's <c>Metadata.BuildMethod</c> to the container only when it is supported, and a <c>--build-image</c> (global
/// or per function) wins over everything.</item>
/// <item><c>samcli/local/docker/lambda_build_container.py</c>: without an image, <c>public.ecr.aws/sam/build-{specified
/// workflow, else Runtime}:latest-{architecture}</c>. So <c>provided.al2023</c> + <c>dotnet7</c> builds in
/// <c>build-dotnet7</c>, and <c>provided.al2023</c> + anything else in <c>build-provided.al2023</c>.</item>
/// <item>aws/aws-sam-build-images <c>build-image-src/Dockerfile-*</c>: <c>dotnet7</c> is Amazon Linux 2 with the .NET 7
/// SDK (<c>dotnet-install.sh -c 7.0</c>), <c>dotnet8</c> AL2023 with .NET 8, <c>dotnet10</c> (commit 0956778d)
/// <c>public.ecr.aws/lambda/dotnet:10</c> (AL2023) with <c>-c 10.0</c>, clang, zlib-devel and make;
/// <c>provided.al2023</c> has make and gcc but no .NET SDK.</item>
/// </list>
/// </summary>
internal static class SamBuildImage
{
    private const string Prefix = "public.ecr.aws/sam/build-";

    /// <summary>The image SAM CLI runs the build of one function in.</summary>
    public static string For(string runtime, string? buildMethod, string architecture, string? buildImageOverride)
    {
        if (!string.IsNullOrEmpty(buildImageOverride))
        {
            return buildImageOverride;
        }

        string runtimeForImage = buildMethod == "dotnet7" ? buildMethod : runtime;
        return $"{Prefix}{runtimeForImage}:latest-{architecture}";
    }

    /// <summary>The major version of the .NET SDK in a SAM build image; null when it has none.</summary>
    public static int? DotnetSdkMajorVersion(string image)
    {
        string name = ImageName(image);
        return name switch
        {
            "dotnet6" => 6,
            "dotnet7" => 7,
            "dotnet8" => 8,
            "dotnet10" => 10,
            _ when name.StartsWith("provided", StringComparison.Ordinal) => null,
            _ => throw new ArgumentException($"{image} is not a SAM build image this test knows.", nameof(image)),
        };
    }

    /// <summary>Whether the image is Amazon Linux 2023, the OS (and glibc) of provided.al2023.</summary>
    public static bool IsAmazonLinux2023(string image) => ImageName(image) is "dotnet8" or "dotnet10" or "provided.al2023";

    /// <summary>The architecture a SAM build image tag names (latest-arm64, latest-x86_64).</summary>
    public static string? Architecture(string image)
    {
        int colon = image.LastIndexOf(':');
        string tag = colon < 0 ? "latest" : image[(colon + 1)..];
        return tag.EndsWith("-arm64", StringComparison.Ordinal) ? "arm64"
            : tag.EndsWith("-x86_64", StringComparison.Ordinal) ? "x86_64"
            : null;
    }

    private static string ImageName(string image)
    {
        Assert.StartsWith(Prefix, image, StringComparison.Ordinal);
        int colon = image.IndexOf(':', Prefix.Length);
        return colon < 0 ? image[Prefix.Length..] : image[Prefix.Length..colon];
    }
}
