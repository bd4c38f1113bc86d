using System.Globalization;

namespace Neptune.Streams.Packaging.Tests.Support;

/// <summary>
/// Packs Neptune.Streams.Lambda, Neptune.Streams.Lambda.Testing and the template package, once per test run, into a
/// temporary folder feed. All get a
/// version of their own (<c>0.1.0-ci.&lt;time&gt;.&lt;pid&gt;</c>) that consumers reference exactly, so a restore can only be
/// satisfied by the packages just packed: a stale <c>0.1.0</c> in the machine's package cache cannot hide a broken one.
/// </summary>
public sealed class PackagedFeed : IAsyncLifetime, IDisposable
{
    private readonly SemaphoreSlim _templateGate = new(1, 1);
    private GeneratedSolution? _generated;

    /// <summary>The folder everything of this run is written under; deleted at the end.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"neptune-packaging-{Guid.NewGuid():N}");

    /// <summary>The folder feed holding the packed .nupkg files.</summary>
    public string FeedDirectory => Path.Combine(Root, "feed");

    /// <summary>The version both packages were packed with.</summary>
    public string Version { get; } = string.Create(
        CultureInfo.InvariantCulture, $"{VersionPrefix()}-ci.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}");

    public string LibraryPackage => Path.Combine(FeedDirectory, $"Neptune.Streams.Lambda.{Version}.nupkg");

    public string LibrarySymbolsPackage => Path.Combine(FeedDirectory, $"Neptune.Streams.Lambda.{Version}.snupkg");

    public string TestingPackage => Path.Combine(FeedDirectory, $"Neptune.Streams.Lambda.Testing.{Version}.nupkg");

    public string TemplatePackage => Path.Combine(FeedDirectory, $"Neptune.Streams.Lambda.Templates.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(FeedDirectory);

        // An empty Directory.Build.props stops MSBuild's upward search, so nothing above the temp folder leaks into
        // the consumer projects: they see only what a user's machine would.
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Packages.props"), "<Project />\n");

        await PackAsync(Repository.LibraryProject, "library");
        await PackAsync(Repository.TestingProject, "testing");
        await PackAsync(Repository.TemplatesProject, "templates");
    }

    /// <summary>Writes a nuget.config whose sources are the folder feed plus the machine's usual source.</summary>
    /// <remarks>
    /// No <c>&lt;clear/&gt;</c>: the machine's own source (from the user-level NuGet.Config) still serves xunit,
    /// Polly and the rest, exactly as for a user who adds one local feed.
    /// </remarks>
    public Task WriteNuGetConfigAsync(string directory) => File.WriteAllTextAsync(
        Path.Combine(directory, "nuget.config"),
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="neptune-streams-local-feed" value="{FeedDirectory}" />
          </packageSources>
        </configuration>

        """);

    /// <summary>Installs the template into an isolated hive and instantiates it, once; later calls get the same output.</summary>
    public async Task<GeneratedSolution> GetGeneratedSolutionAsync()
    {
        await _templateGate.WaitAsync();
        try
        {
            return _generated ??= await GeneratedSolution.CreateAsync(this, GeneratedSolution.DefaultName);
        }
        finally
        {
            _templateGate.Release();
        }
    }

    /// <summary>Installs the template into a hive of its own and instantiates it with <paramref name="name"/>.</summary>
    public Task<GeneratedSolution> GenerateAsync(string name) => GeneratedSolution.CreateAsync(this, name);

    public void Dispose() => _templateGate.Dispose();

    public async Task DisposeAsync()
    {

        // The run's packages were extracted into the machine's global packages folder; they are never used again.
        ProcessResult locals = await UserCommand.RunAsync("dotnet", ["nuget", "locals", "global-packages", "--list"], Path.GetTempPath());
        string? globalPackages = locals.StandardOutput.Split(':', 2) is [_, var path] ? path.Trim() : null;
        foreach (string package in (string[])["neptune.streams.lambda", "neptune.streams.lambda.testing"])
        {
            if (globalPackages is not { Length: > 0 })
            {
                break;
            }

            string packageFolder = Path.Combine(globalPackages, package);
            TryDelete(Path.Combine(packageFolder, Version));
            if (Directory.Exists(packageFolder) && !Directory.EnumerateFileSystemEntries(packageFolder).Any())
            {
                TryDelete(packageFolder);
            }
        }

        TryDelete(Root);
    }

    private async Task PackAsync(string project, string name)
    {
        // --artifacts-path keeps this pack's bin/ and obj/ out of the repository's own build output.
        await UserCommand.RunCheckedAsync(
            "dotnet",
            ["pack", project, "-c", "Release", "-o", FeedDirectory, "--artifacts-path", Path.Combine(Root, "artifacts", name),
             $"-p:VersionSuffix={Version[(Version.IndexOf('-', StringComparison.Ordinal) + 1)..]}"],
            Repository.Root);
    }

    private static string VersionPrefix()
    {
        string props = File.ReadAllText(Path.Combine(Repository.Root, "Directory.Build.props"));
        int start = props.IndexOf("<VersionPrefix>", StringComparison.Ordinal) + "<VersionPrefix>".Length;
        int end = props.IndexOf("</VersionPrefix>", start, StringComparison.Ordinal);
        return props[start..end].Trim();
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the run over it is not.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
