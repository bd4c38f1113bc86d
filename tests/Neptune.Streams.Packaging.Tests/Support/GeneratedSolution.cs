namespace Neptune.Streams.Packaging.Tests.Support;

/// <summary>What <c>dotnet new neptune-streams -n MyFunction</c> produced from the packed template.</summary>
public sealed class GeneratedSolution
{
    public const string DefaultName = "MyFunction";

    private GeneratedSolution(string name, string directory, string hive, ProcessResult instantiation)
    {
        Name = name;
        Directory = directory;
        Hive = hive;
        Instantiation = instantiation;
    }

    /// <summary>The name given with <c>-n</c>.</summary>
    public string Name { get; }

    /// <summary>The output folder (the solution root).</summary>
    public string Directory { get; }

    /// <summary>The isolated template hive the package was installed into.</summary>
    public string Hive { get; }

    /// <summary>The output of <c>dotnet new</c>.</summary>
    internal ProcessResult Instantiation { get; }

    public string FunctionProject => Path.Combine(Directory, Name, $"{Name}.csproj");

    internal static async Task<GeneratedSolution> CreateAsync(PackagedFeed feed, string name)
    {
        string hive = Path.Combine(feed.Root, "template-hive", name);
        string output = Path.Combine(feed.Root, "generated", name);
        System.IO.Directory.CreateDirectory(output);

        // The same custom hive for install and instantiation: the machine's own template list is never touched.
        await UserCommand.RunCheckedAsync(
            "dotnet", ["new", "install", feed.TemplatePackage, "--debug:custom-hive", hive], feed.Root);
        ProcessResult created = await UserCommand.RunCheckedAsync(
            "dotnet", ["new", "neptune-streams", "-n", name, "-o", output, "--debug:custom-hive", hive], feed.Root);

        // The user's step: add the local feed beside the usual source.
        await feed.WriteNuGetConfigAsync(output);
        return new GeneratedSolution(name, output, hive, created);
    }
}
