namespace Neptune.Streams.Packaging.Tests.Support;

/// <summary>The tests that share one packed feed (packing takes a while; once per run is enough).</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackagedFeed>
{
    public const string Name = "packaging";
}
