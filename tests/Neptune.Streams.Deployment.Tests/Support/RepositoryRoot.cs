namespace Neptune.Streams.Deployment.Tests.Support;

/// <summary>Finds the repository root (where template.yaml lives) from the test's output folder.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string File(string name) => System.IO.Path.Combine(Path, name);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "template.yaml"))
                && System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "Directory.Build.props")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder above {AppContext.BaseDirectory} holds both template.yaml and Directory.Build.props.");
    }
}
