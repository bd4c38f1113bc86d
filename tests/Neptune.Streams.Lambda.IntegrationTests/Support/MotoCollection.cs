namespace Neptune.Streams.Lambda.IntegrationTests.Support;

/// <summary>Test classes in this collection share one moto_server.</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<AwsFixture>
{
    public const string Name = "moto";
}
