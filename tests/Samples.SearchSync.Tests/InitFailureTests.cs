using SearchSync;

namespace Samples.SearchSync.Tests;

/// <summary>Reads and sets process environment variables, so it runs alone: every other SearchSync function reads them too.</summary>
[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;

/// <summary>
/// The API key is read when the function is built, which <c>LambdaBootstrap</c> does in Lambda's init phase (before the
/// first invocation), so a secret that cannot be read fails the init rather than the first batch.
/// </summary>
[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class InitFailureTests : IAsyncLifetime
{
    private readonly MotoServer _moto = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _moto.DisposeAsync();

    [Fact]
    public async Task Building_the_function_with_a_secret_that_cannot_be_read_fails_naming_the_secret()
    {
        const string Missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:search-sync/missing-AbCdEf";
        var variables = new Dictionary<string, string>
        {
            ["ELASTICSEARCH_API_KEY_SECRET_ARN"] = Missing,
            ["AWS_REGION"] = MotoServer.Region,
            ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = _moto.Endpoint,
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
        };
        var saved = variables.Keys.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            await using var function = new SearchSyncFunction(); // what Lambda constructs: no secret read yet

            var error = Assert.Throws<InvalidOperationException>(() => function.Options); // what LambdaBootstrap's init does

            Assert.Contains(Missing, error.Message, StringComparison.Ordinal);
            Assert.Contains("ResourceNotFoundException", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
