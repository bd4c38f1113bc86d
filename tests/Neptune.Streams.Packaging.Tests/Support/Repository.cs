namespace Neptune.Streams.Packaging.Tests.Support;

/// <summary>Paths in the repository this test assembly was built from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string LibraryProject => Path.Combine(Root, "src", "Neptune.Streams.Lambda", "Neptune.Streams.Lambda.csproj");

    public static string LibraryDirectory => Path.Combine(Root, "src", "Neptune.Streams.Lambda");

    public static string TestingProject =>
        Path.Combine(Root, "src", "Neptune.Streams.Lambda.Testing", "Neptune.Streams.Lambda.Testing.csproj");

    public static string TemplatesProject =>
        Path.Combine(Root, "templates", "Neptune.Streams.Lambda.Templates", "Neptune.Streams.Lambda.Templates.csproj");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Neptune.Streams.Lambda.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Neptune.Streams.Lambda.sln above {AppContext.BaseDirectory}.");
    }
}
