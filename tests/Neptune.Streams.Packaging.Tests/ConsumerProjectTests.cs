using Neptune.Streams.Packaging.Tests.Support;

namespace Neptune.Streams.Packaging.Tests;

/// <summary>
/// A small function built against the packed .nupkg from the folder feed, not a project reference: proves that the
/// package alone (its dependencies, its public surface, its source-generated JSON) is enough for a user.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class ConsumerProjectTests(PackagedFeed feed)
{
    [Fact]
    public async Task A_consumer_restores_the_packed_library_from_the_feed_and_handles_a_fixture_event()
    {
        string project = Path.Combine(feed.Root, "consumer");
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "Consumer.csproj"), ConsumerSources.Project(feed.Version));
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), ConsumerSources.Program);
        await feed.WriteNuGetConfigAsync(project);
        string fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "pg-json-page-event.json");

        await UserCommand.RunCheckedAsync("dotnet", ["build", "-c", "Release", "-p:EmitCompilerGeneratedFiles=true"], project);
        ProcessResult run = await UserCommand.RunCheckedAsync(
            "dotnet", ["run", "--no-build", "-c", "Release", "--", "--event", fixture], project);

        // The restore took the package from the feed: the assets file names the run's unique version.
        string assets = await File.ReadAllTextAsync(Path.Combine(project, "obj", "project.assets.json"));
        Assert.Contains($"\"Neptune.Streams.Lambda/{feed.Version}\"", assets, StringComparison.Ordinal);

        // The package's generator ran in the consumer's build and wrote the binder of its handler's type.
        string generated = Assert.Single(Directory.GetFiles(Path.Combine(project, "obj"), "GraphPropertyBinders.g.cs", SearchOption.AllDirectories));
        Assert.Contains("GeneratedPropertyBinder<global::Named>", await File.ReadAllTextAsync(generated), StringComparison.Ordinal);

        // The page's commits 4711-4716, as the fixtures README lists them.
        // The handler's own lines (LambdaBootstrap's JSON line per event left aside), then the response.
        string[] lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("{\"event\":", StringComparison.Ordinal))
            .ToArray();
        Assert.Equal(
            [
                "VertexAdded a8c4a1f2-3b7e-5c1d-9e2f-4d6b8a0c2e41 person name=Alice",
                "VertexAdded f2c4a1d9-7e0b-4c55-2a31-9b8e6d4f1c07 person name=Bob",
                "EdgeAdded 3ec4a1fa-5d21-1b9e-77a0-6c2f8e4b9d13 knows",
                "EdgeAdded b6c4a1fb-0a9d-2e44-c1f8-5d7a3b6e2c98 follows",
                "VertexUpdated a8c4a1f2-3b7e-5c1d-9e2f-4d6b8a0c2e41 - name=Alice Smith",
                "EdgeDeleted 3ec4a1fa-5d21-1b9e-77a0-6c2f8e4b9d13 knows",
                "EdgeDeleted b6c4a1fb-0a9d-2e44-c1f8-5d7a3b6e2c98 follows",
                "VertexDeleted f2c4a1d9-7e0b-4c55-2a31-9b8e6d4f1c07 person name=",
                "{\"batchItemFailures\":[]}",
            ],
            lines);
    }
}
